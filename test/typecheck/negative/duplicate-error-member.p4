error { A, B }
error { A }
