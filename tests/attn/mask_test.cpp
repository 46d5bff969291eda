// buildMask: each source and their combination, query = row, key = column.
#include <doctest/doctest.h>

#include <cstdlib>

#include "attn/attention.hpp"

namespace {

attn::Inputs sized(int n, int m) {
  attn::Inputs in;
  in.x = attn::Matrix::Zero(n, 4);
  if (m != n) in.x_kv = attn::Matrix::Zero(m, 4);
  return in;
}

}  // namespace

TEST_CASE("mask none is all zeros") {
  const attn::Inputs in = sized(4, 6);
  CHECK(attn::buildMask(in, 4, 6) == attn::MaskMatrix::Zero(4, 6));
}

TEST_CASE("causal mask keeps j <= i, like torch.tril over [N, M]") {
  for (auto [n, m] : {std::pair{5, 5}, std::pair{3, 6}, std::pair{6, 3}}) {
    attn::Inputs in = sized(n, m);
    in.mask = {attn::MaskKind::Causal, 0};
    const attn::MaskMatrix mask = attn::buildMask(in, n, m);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < m; ++j)
        CHECK(mask(i, j) == (j > i ? 1 : 0));
  }
}

TEST_CASE("local mask keeps |i - j| <= window") {
  for (int window : {0, 1, 3, 100}) {
    attn::Inputs in = sized(7, 9);
    in.mask = {attn::MaskKind::Local, window};
    const attn::MaskMatrix mask = attn::buildMask(in, 7, 9);
    for (int i = 0; i < 7; ++i)
      for (int j = 0; j < 9; ++j)
        CHECK(mask(i, j) == (std::abs(i - j) > window ? 1 : 0));
  }
}

TEST_CASE("explicit mask, key padding and the spec combine with OR") {
  attn::Inputs in = sized(4, 4);
  in.mask = {attn::MaskKind::Causal, 0};
  in.explicit_mask = attn::MaskMatrix::Zero(4, 4);
  in.explicit_mask(3, 1) = 1;
  in.explicit_mask(2, 3) = 1;  // already masked by causality
  in.key_padding = {0, 0, 1, 0};
  const attn::MaskMatrix mask = attn::buildMask(in, 4, 4);
  attn::MaskMatrix expected(4, 4);
  expected << 0, 1, 1, 1,  //
      0, 0, 1, 1,          //
      0, 0, 1, 1,          //
      0, 1, 1, 0;
  CHECK(mask == expected);
}

TEST_CASE("explicit mask values other than 0 and 1 count as masked") {
  attn::Inputs in = sized(2, 2);
  in.explicit_mask = attn::MaskMatrix::Zero(2, 2);
  in.explicit_mask(0, 1) = 255;
  in.key_padding = {7, 0};
  const attn::MaskMatrix mask = attn::buildMask(in, 2, 2);
  CHECK(mask(0, 0) == 1);
  CHECK(mask(0, 1) == 1);
  CHECK(mask(1, 0) == 1);
  CHECK(mask(1, 1) == 0);
}
