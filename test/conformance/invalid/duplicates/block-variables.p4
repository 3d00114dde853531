// Two variables with one name in one block of an action.
#include <core.p4>
action a() {
  bit<8> x = 1;
  bit<8> x = 2;
}
