// Abstract methods implemented by instances, of a generic extern with explicit and inferred
// type arguments.
#include <core.p4>
extern Gen<T> {
  Gen(T init);
  abstract T next(in T prev);
  abstract void reset();
  T get();
}
control C() {
  Gen<bit<8>>(8w0) g = {
    bit<8> next(in bit<8> prev) { return prev + 1; }
    void reset() { }
  };
  Gen(16w0) h = {
    bit<16> next(in bit<16> prev) { return prev; }
    void reset() { }
  };
  apply { bit<8> x = g.get(); }
}
