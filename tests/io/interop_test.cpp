// The other direction of NumPy interop: files from our writer, checked by NumPy itself
// (tests/data/io/check_numpy_reads.py, Debian's /usr/bin/python3 with python3-numpy).
#include <doctest/doctest.h>

#include <cstdlib>

#include "io/npy.hpp"
#include "io_test_util.hpp"

TEST_CASE("numpy.load reads exactly what attnviz writes") {
  REQUIRE_MESSAGE(std::system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0,
                  "/usr/bin/python3 cannot import numpy: run scripts/install_deps.sh");
  iotest::TempDir dir;
  auto f32 = io::Array::floats({2, 3}, {0.0f, -1.5f, 2.25f, 1e-8f, 3.0e38f, -7.0f});
  auto mask = io::Array::bools({5}, {1, 0, 0, 1, 1});
  auto text =
      io::Array::texts({"", "a", "h\xc3\xa9llo", "\xe6\x97\xa5\xe6\x9c\xac\xf0\x9f\x98\x80"});
  std::vector<float> counting(24);
  for (size_t i = 0; i < counting.size(); ++i)
    counting[i] = static_cast<float>(i);
  io::saveNpy(dir.path() / "f32.npy", f32);
  io::saveNpy(dir.path() / "bool.npy", mask);
  io::saveNpy(dir.path() / "text.npy", text);
  io::saveNpy(dir.path() / "scalar.npy", io::Array::floats({}, {4.5f}));
  io::saveNpy(dir.path() / "empty.npy", io::Array::floats({2, 0, 3}, {}));
  io::saveNpy(dir.path() / "five_d.npy", io::Array::floats({1, 2, 3, 1, 4}, counting));
  io::NamedArrays arrays;
  arrays.add("f32", f32);
  arrays.add("mask", mask);
  arrays.add("text", text);
  io::saveNpz(dir.path() / "stored.npz", arrays, false);
  io::saveNpz(dir.path() / "deflated.npz", arrays, true);

  std::string command = "/usr/bin/python3 '" ATTNVIZ_TEST_DATA "/io/check_numpy_reads.py' '" +
                        dir.path().string() + "'";
  int status = std::system(command.c_str());
  CHECK_MESSAGE(status == 0, "check_numpy_reads.py failed (see its message above)");
}
