#include "io/array.hpp"

#include <algorithm>

#include "core/checked.hpp"

namespace io {

std::string dtypeName(DType type) {
  switch (type) {
    case DType::Bool:
      return "bool";
    case DType::I8:
      return "int8";
    case DType::I16:
      return "int16";
    case DType::I32:
      return "int32";
    case DType::I64:
      return "int64";
    case DType::U8:
      return "uint8";
    case DType::U16:
      return "uint16";
    case DType::U32:
      return "uint32";
    case DType::U64:
      return "uint64";
    case DType::F16:
      return "float16";
    case DType::F32:
      return "float32";
    case DType::F64:
      return "float64";
    case DType::BF16:
      return "bfloat16";
    case DType::Unicode:
      return "unicode";
  }
  return "unknown";
}

uint64_t Array::elementCount() const {
  return core::checkedProduct(shape).value_or(0);
}

std::string Array::shapeString() const {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

Array Array::floats(std::vector<uint64_t> shape, std::vector<float> values) {
  Array a;
  a.shape = std::move(shape);
  a.values = std::move(values);
  a.stored = DType::F32;
  return a;
}

Array Array::bools(std::vector<uint64_t> shape, std::vector<float> zeroOrOne) {
  Array a = floats(std::move(shape), std::move(zeroOrOne));
  a.stored = DType::Bool;
  return a;
}

Array Array::texts(std::vector<std::string> strings) {
  Array a;
  a.shape = {strings.size()};
  a.strings = std::move(strings);
  a.stored = DType::Unicode;
  return a;
}

void NamedArrays::add(std::string name, Array array) {
  auto it =
      std::find_if(m_items.begin(), m_items.end(), [&](auto& item) { return item.first == name; });
  if (it != m_items.end()) {
    it->second = std::move(array);
  } else {
    m_items.emplace_back(std::move(name), std::move(array));
  }
}

const Array* NamedArrays::find(std::string_view name) const {
  for (const auto& [key, array] : m_items) {
    if (key == name) return &array;
  }
  return nullptr;
}

void NamedArrays::setMetadata(std::string key, std::string value) {
  auto it = std::find_if(m_metadata.begin(), m_metadata.end(),
                         [&](auto& item) { return item.first == key; });
  if (it != m_metadata.end()) {
    it->second = std::move(value);
  } else {
    m_metadata.emplace_back(std::move(key), std::move(value));
  }
}

const std::string* NamedArrays::metadata(std::string_view key) const {
  for (const auto& [name, value] : m_metadata) {
    if (name == key) return &value;
  }
  return nullptr;
}

}  // namespace io
