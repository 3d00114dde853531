// Annotation bodies: unstructured brackets, any characters, strings across lines.
#include <core.p4>
@anno[ any tokens + 1 : here ]
@note(it's the outer header, isn't it)
@description("a text
that spans two lines")
@structured[a = 1, b = "x"]
@list[1, 2, 3,]
const bit<8> X = 1;
