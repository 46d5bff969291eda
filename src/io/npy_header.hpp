// The header of a .npy file: a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// parsed by a small strict parser (exactly the three keys, each once; no expressions, no escapes),
// and the dtype string it names, decoded into what the data reader needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/array.hpp"

namespace io {

struct NpyHeader {
  std::string descr;  // e.g. "<f4", "|b1", ">U12"
  bool fortranOrder = false;
  std::vector<uint64_t> shape;
};

// Parses the dict text. Throws core::DataError "<what>: bad .npy header: …".
NpyHeader parseNpyHeader(std::string_view text, std::string_view what);

// A decoded descr: the dtype, its size in bytes per element, and the byte order of the file.
struct NpyDType {
  DType type = DType::F32;
  uint64_t itemSize = 4;
  bool bigEndian = false;  // '>' (or '=' on a big-endian machine)
};

// Decodes "<f4", ">i8", "|b1", "<U7", …; throws core::DataError for pickled objects and for
// dtypes attnviz does not read.
NpyDType parseNpyDescr(std::string_view descr, std::string_view what);

// Formats the dict for serializeNpy (without padding).
std::string formatNpyHeader(std::string_view descr, bool fortranOrder,
                            const std::vector<uint64_t>& shape);

}  // namespace io
