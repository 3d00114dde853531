const bit<8> X = 1;
/* this comment
never ends
