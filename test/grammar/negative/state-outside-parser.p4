state start { transition accept; }
