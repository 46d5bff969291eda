// An n-dimensional array as read from or written to .npy/.npz (and later .safetensors) files.
// Numbers of every stored dtype are converted to float32 on load (the kernel and the scene work in
// float32); the dtype the file used is kept for `attnviz inspect`. Unicode arrays hold UTF-8
// strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace io {

enum class DType { Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, F32, F64, BF16, Unicode };

// "float32", "bool", "<U7"-style names for messages and `inspect`.
std::string dtypeName(DType type);

struct Array {
  std::vector<uint64_t> shape;       // C order; empty = scalar
  std::vector<float> values;         // numeric and bool arrays (bool: 0 or 1), C order
  std::vector<std::string> strings;  // unicode arrays, C order, UTF-8
  DType stored = DType::F32;         // what the file held (what we write for save*)

  uint64_t elementCount() const;
  bool isStrings() const { return stored == DType::Unicode; }
  // "[12, 64, 64]"
  std::string shapeString() const;

  static Array floats(std::vector<uint64_t> shape, std::vector<float> values);
  static Array bools(std::vector<uint64_t> shape, std::vector<float> zeroOrOne);
  static Array texts(std::vector<std::string> strings);  // 1-D
};

// Named arrays in file order (an .npz archive); names are unique. Files that carry free-form text
// metadata (.safetensors `__metadata__`) keep it here too, also in file order with unique keys.
class NamedArrays {
 public:
  void add(std::string name, Array array);  // replaces an existing array of that name
  const Array* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }
  const std::vector<std::pair<std::string, Array>>& items() const { return m_items; }
  size_t size() const { return m_items.size(); }

  void setMetadata(std::string key, std::string value);  // replaces an existing key
  const std::string* metadata(std::string_view key) const;
  const std::vector<std::pair<std::string, std::string>>& metadataItems() const {
    return m_metadata;
  }

 private:
  std::vector<std::pair<std::string, Array>> m_items;
  std::vector<std::pair<std::string, std::string>> m_metadata;
};

}  // namespace io
