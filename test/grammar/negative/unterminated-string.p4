const string S = "abc;
const bit<8> X = 1;
