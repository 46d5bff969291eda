#include <doctest/doctest.h>

#include <cmath>

#include "attn/attention.hpp"

TEST_CASE("reference: one query attends fully to its single key") {
  attn::Inputs in;
  in.heads = 2;
  in.x = attn::Matrix::Random(1, 4);
  for (attn::Matrix* w : {&in.proj.w_q, &in.proj.w_k, &in.proj.w_v, &in.proj.w_o})
    *w = attn::Matrix::Random(4, 4);
  for (attn::Vector* b : {&in.proj.b_q, &in.proj.b_k, &in.proj.b_v, &in.proj.b_o})
    *b = attn::Vector::Random(4);
  const attn::Result r = attn::reference(in);
  CHECK(r.weights(0, 0, 0) == 1.0f);
  CHECK(r.weights(1, 0, 0) == 1.0f);
  const attn::Matrix v = in.x * in.proj.w_v.transpose() + in.proj.b_v.transpose();
  const attn::Matrix out = v * in.proj.w_o.transpose() + in.proj.b_o.transpose();
  CHECK((r.out - out).cwiseAbs().maxCoeff() < 1e-5f);
}
