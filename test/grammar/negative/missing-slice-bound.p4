control C() { apply { x = y[3:]; } }
