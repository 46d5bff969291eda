#include <doctest/doctest.h>

#include "attn/compute_worker.hpp"

TEST_CASE("ComputeWorker computes off-thread and hands the result over whole") {
  attn::ComputeWorker worker;
  attn::Params p;
  p.seq = 6;
  p.d_model = 16;
  p.heads = 2;
  uint64_t gen = worker.submit(p);
  worker.waitIdle();
  CHECK_FALSE(worker.busy());
  auto done = worker.takeFinished();
  REQUIRE(done.has_value());
  CHECK(done->generation == gen);
  REQUIRE(done->result != nullptr);
  CHECK(done->error.empty());
  CHECK(done->result->n == 6);
  CHECK(done->result->heads == 2);
  CHECK_FALSE(worker.takeFinished().has_value());  // taken once
}

TEST_CASE("ComputeWorker: the latest request wins") {
  attn::ComputeWorker worker;
  attn::Params p;
  p.d_model = 32;
  p.heads = 4;
  uint64_t last = 0;
  for (int seq = 1; seq <= 20; ++seq) {
    p.seq = seq;
    last = worker.submit(p);
  }
  worker.waitIdle();
  auto done = worker.takeFinished();
  REQUIRE(done.has_value());
  CHECK(done->generation == last);
  REQUIRE(done->result != nullptr);
  CHECK(done->result->n == 20);
}

TEST_CASE("ComputeWorker reports refused parameters instead of throwing") {
  attn::ComputeWorker worker;
  attn::Params p;
  p.d_model = 10;
  p.heads = 3;
  worker.submit(p);
  worker.waitIdle();
  auto done = worker.takeFinished();
  REQUIRE(done.has_value());
  CHECK(done->result == nullptr);
  CHECK(done->error.find("divisible") != std::string::npos);
}

TEST_CASE("ComputeWorker computes what its input maker builds from the parameters") {
  // A maker standing in for a user's file: fixed x of 3 tokens, heads taken from the parameters.
  attn::ComputeWorker worker([](const attn::Params& params) {
    attn::Params fixed = params;
    fixed.seq = 3;
    fixed.d_model = 8;
    fixed.text.clear();
    return attn::makeInputs(fixed);
  });
  attn::Params p;
  p.seq = 50;
  p.heads = 2;
  worker.submit(p);
  worker.waitIdle();
  auto done = worker.takeFinished();
  REQUIRE(done.has_value());
  REQUIRE(done->result != nullptr);
  CHECK(done->result->n == 3);
  CHECK(done->result->heads == 2);
}
