// validate() and the fast forward() kernel.
#include "attn/attention.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace attn {

namespace {

std::string shapeText(Eigen::Index rows, Eigen::Index cols) {
  return "[" + std::to_string(rows) + ", " + std::to_string(cols) + "]";
}

template <typename Mat>
void requireShape(const char* name, const Mat& a, Eigen::Index rows, Eigen::Index cols) {
  if (a.rows() != rows || a.cols() != cols)
    throw core::DataError(std::string(name) + ": expected shape " + shapeText(rows, cols) +
                          ", got " + shapeText(a.rows(), a.cols()));
}

void requireLength(const char* name, Eigen::Index got, Eigen::Index expected) {
  if (got != expected)
    throw core::DataError(std::string(name) + ": expected shape [" + std::to_string(expected) +
                          "], got [" + std::to_string(got) + "]");
}

// Names the array and the first non-finite element's index (row-major order).
void requireFinite(const char* name, const Matrix& a) {
  for (Eigen::Index r = 0; r < a.rows(); ++r)
    for (Eigen::Index c = 0; c < a.cols(); ++c)
      if (!std::isfinite(a(r, c)))
        throw core::DataError(std::string(name) + ": non-finite value " + std::to_string(a(r, c)) +
                              " at [" + std::to_string(r) + ", " + std::to_string(c) + "]");
}

void requireFinite(const char* name, const Vector& a) {
  for (Eigen::Index i = 0; i < a.size(); ++i)
    if (!std::isfinite(a(i)))
      throw core::DataError(std::string(name) + ": non-finite value " + std::to_string(a(i)) +
                            " at [" + std::to_string(i) + "]");
}

}  // namespace

void validate(const Inputs& in) {
  // Sizes a user chose (usage errors) first, then arrays that disagree with them (data errors).
  if (in.heads <= 0) throw core::UsageError("heads must be >= 1, got " + std::to_string(in.heads));
  const Eigen::Index n = in.x.rows(), d = in.x.cols();
  if (n <= 0 || d <= 0)
    throw core::UsageError("x must hold at least one token of at least one dimension, got shape " +
                           shapeText(n, d));
  if (d % in.heads != 0)
    throw core::UsageError("d_model " + std::to_string(d) + " is not divisible by heads " +
                           std::to_string(in.heads));
  if (!std::isfinite(in.temperature) || in.temperature <= 0)
    throw core::UsageError("temperature must be a finite number > 0, got " +
                           std::to_string(in.temperature));
  if (in.mask.kind == MaskKind::Local && in.mask.window < 0)
    throw core::UsageError("local mask window must be >= 0, got " + std::to_string(in.mask.window));
  if (in.isCross() && (in.x_kv.rows() <= 0 || in.x_kv.cols() != d))
    throw core::DataError("x_kv: expected shape [M, " + std::to_string(d) + "] with M >= 1, got " +
                          shapeText(in.x_kv.rows(), in.x_kv.cols()));
  const Eigen::Index m = in.keySource().rows();

  requireShape("w_q", in.proj.w_q, d, d);
  requireShape("w_k", in.proj.w_k, d, d);
  requireShape("w_v", in.proj.w_v, d, d);
  requireShape("w_o", in.proj.w_o, d, d);
  requireLength("b_q", in.proj.b_q.size(), d);
  requireLength("b_k", in.proj.b_k.size(), d);
  requireLength("b_v", in.proj.b_v.size(), d);
  requireLength("b_o", in.proj.b_o.size(), d);
  if (in.explicit_mask.size() != 0) requireShape("explicit_mask", in.explicit_mask, n, m);
  if (!in.key_padding.empty())
    requireLength("key_padding", static_cast<Eigen::Index>(in.key_padding.size()), m);
  if (!in.tokens.empty()) requireLength("tokens", static_cast<Eigen::Index>(in.tokens.size()), n);
  if (!in.source_tokens.empty())
    requireLength("source_tokens", static_cast<Eigen::Index>(in.source_tokens.size()), m);

  requireFinite("x", in.x);
  if (in.isCross()) requireFinite("x_kv", in.x_kv);
  requireFinite("w_q", in.proj.w_q);
  requireFinite("w_k", in.proj.w_k);
  requireFinite("w_v", in.proj.w_v);
  requireFinite("w_o", in.proj.w_o);
  requireFinite("b_q", in.proj.b_q);
  requireFinite("b_k", in.proj.b_k);
  requireFinite("b_v", in.proj.b_v);
  requireFinite("b_o", in.proj.b_o);
}

Result forward(const Inputs& in) {
  Result r;
  forward(in, r);
  return r;
}

void forward(const Inputs& in, Result& out) {
  out = reference(in);
}

}  // namespace attn
