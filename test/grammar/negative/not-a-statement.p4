control C() { apply { a + b; } }
