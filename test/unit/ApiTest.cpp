//===- ApiTest.cpp - the C++ graph API ------------------------------------===//

#include "aicc/Graph.h"
#include "aicc/Ops.h"
#include "aicc/runtime/Error.h"

#include "TestSupport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace aicc;
using ::testing::AllOf;
using ::testing::HasSubstr;

namespace {

using rt::test_support::randomTensor;

/// Reference MLP forward in plain loops (double accumulation).
std::vector<double> referenceMLP(const rt::Tensor &x, const rt::Tensor &w1,
                                 const rt::Tensor &b1, const rt::Tensor &w2,
                                 const rt::Tensor &b2) {
  int64_t n = x.shape()[0], d = x.shape()[1], h = w1.shape()[1],
          c = w2.shape()[1];
  std::vector<double> out(n * c);
  for (int64_t i = 0; i < n; ++i) {
    std::vector<double> hidden(h);
    for (int64_t j = 0; j < h; ++j) {
      double s = b1.data<float>()[j];
      for (int64_t k = 0; k < d; ++k)
        s += double(x.data<float>()[i * d + k]) * w1.data<float>()[k * h + j];
      hidden[j] = std::max(s, 0.0);
    }
    std::vector<double> logits(c);
    double mx = -INFINITY;
    for (int64_t j = 0; j < c; ++j) {
      double s = b2.data<float>()[j];
      for (int64_t k = 0; k < h; ++k)
        s += hidden[k] * w2.data<float>()[k * c + j];
      logits[j] = s;
      mx = std::max(mx, s);
    }
    double sum = 0;
    for (int64_t j = 0; j < c; ++j)
      sum += std::exp(logits[j] - mx);
    for (int64_t j = 0; j < c; ++j)
      out[i * c + j] = std::exp(logits[j] - mx) / sum;
  }
  return out;
}

TEST(GraphApi, MlpMatchesReference) {
  Graph g("mlp");
  auto x = g.input("x", {16, 784});
  auto w1 = g.input("w1", {784, 256});
  auto b1 = g.input("b1", {256});
  auto w2 = g.input("w2", {256, 10});
  auto b2 = g.input("b2", {10});
  g.output(softmax(matmul(relu(matmul(x, w1) + b1), w2) + b2, 1));

  auto xs = randomTensor({16, 784}, 1, 0, 1);
  auto w1s = randomTensor({784, 256}, 2, -0.08f, 0.08f);
  auto b1s = randomTensor({256}, 3, -0.1f, 0.1f);
  auto w2s = randomTensor({256, 10}, 4, -0.15f, 0.15f);
  auto b2s = randomTensor({10}, 5, -0.1f, 0.1f);

  Executable fn = g.compile();
  auto results = fn.run({&xs, &w1s, &b1s, &w2s, &b2s});
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(results[0].shape(), (std::vector<int64_t>{16, 10}));
  auto expected = referenceMLP(xs, w1s, b1s, w2s, b2s);
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(results[0].data<float>()[i], expected[i],
                1e-5 * std::abs(expected[i]) + 1e-7)
        << "element " << i;
}

TEST(GraphApi, PrintGivesAigIR) {
  Graph g("affine");
  auto x = g.input("x", {2, 3});
  auto w = g.input("w", {3, 4});
  g.output(relu(matmul(x, w)));
  std::string ir = g.print();
  EXPECT_THAT(ir, HasSubstr("func.func @affine(%arg0: tensor<2x3xf32> "
                            "{aig.name = \"x\"}"));
  EXPECT_THAT(ir, HasSubstr("aig.matmul %arg0, %arg1 : tensor<2x3xf32>, "
                            "tensor<3x4xf32>"));
  EXPECT_THAT(ir, HasSubstr("aig.relu"));
  EXPECT_THAT(ir, HasSubstr("return"));
}

TEST(GraphApi, ScalarsOperatorsAndManyOps) {
  Graph g("ops");
  auto a = g.input("a", {2, 3});
  auto b = g.input("b", {3});
  auto s = (a * 2.0 + b) / 4.0 - 1.0; // [2,3]
  auto t = 1.0 - sigmoid(tanh(exp(log(sqrt(rsqrt(pow(s * s + 1.0, 2.0)))))));
  auto c = concat({t, neg(t)}, 0);              // [4,3]
  auto r = reshape(transpose(c, {1, 0}), {-1}); // [12]
  auto sl = slice(r, {1}, {3}, {2});            // [3]
  auto m = maximum(minimum(sl, broadcastTo(b, {3})), reduceMax(sl, {0}));
  auto sel = select(compare(Cmp::GT, sl, m), sl, m);
  g.output(sel);
  g.output(reduceSum(a, {0}));
  g.output(reduceMean(a, {-1}, true));
  g.output(logSoftmax(a, 1));
  g.output(cast(a, DType::I32));
  // The graph verifies and compiles; values are checked by test/Numerics.
  Executable fn = g.compile();
  auto as = randomTensor({2, 3}, 7);
  auto bs = randomTensor({3}, 8);
  auto results = fn.run({&as, &bs});
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[1].shape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(results[2].shape(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(results[4].dtype(), DType::I32);
  for (int j = 0; j < 3; ++j)
    EXPECT_NEAR(results[1].data<float>()[j],
                as.data<float>()[j] + as.data<float>()[3 + j], 1e-6);
}

TEST(GraphApi, ExecutableChecksInputs) {
  Graph g("f");
  g.output(exp(g.input("x", {2})));
  Executable fn = g.compile();
  auto wrong = randomTensor({3}, 1);
  try {
    fn.run({&wrong});
    FAIL() << "expected an error";
  } catch (const rt::Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("expected tensor<2xf32>, got "
                                    "tensor<3xf32>"));
  }
  EXPECT_THROW(fn.run({}), rt::Error);
  // A null tensor is an error, not a crash.
  try {
    fn.run({nullptr});
    FAIL() << "expected an error";
  } catch (const rt::Error &e) {
    EXPECT_THAT(e.what(), HasSubstr("'f': input #0 is a null pointer"));
  }
  auto x = randomTensor({2}, 1);
  EXPECT_THROW(fn.run({&x}, {nullptr}), rt::Error);
}

/// Runs `build` and returns the GraphError message (or fails).
template <typename Fn> std::string errorOf(Fn &&build) {
  try {
    build();
  } catch (const GraphError &e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a GraphError";
  return "";
}

/// "ApiTest.cpp:<line of the next statement>".
#define NEXT_LINE ("ApiTest.cpp:" + std::to_string(__LINE__ + 1))

TEST(GraphApiErrors, BroadcastMismatchNamesOpShapesAndLine) {
  Graph g;
  auto a = g.input("a", {2, 3});
  auto b = g.input("b", {4});
  std::string where;
  std::string msg = errorOf([&] {
    where = NEXT_LINE;
    add(a, b);
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("aig.add"), HasSubstr("not broadcast"),
                         HasSubstr("tensor<2x3xf32>, tensor<4xf32>"),
                         HasSubstr(where)));
  // Operators report the line of the expression too.
  msg = errorOf([&] {
    where = NEXT_LINE;
    (void)(a * b);
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("aig.mul"), HasSubstr(where)));
}

TEST(GraphApiErrors, BufferUpdateAndMaskMisuse) {
  Graph g("loss");
  auto x = g.input("x", {4});
  auto running = g.buffer("running", {4});
  std::string msg = errorOf([&] { g.buffer("b", {4}, "twos"); });
  EXPECT_THAT(msg, HasSubstr("unknown initial value 'twos'"));
  msg = errorOf([&] { g.update(x, x); });
  EXPECT_THAT(msg, HasSubstr("must be a buffer of this graph"));
  msg = errorOf([&] { g.update(running, g.input("y", {3})); });
  EXPECT_THAT(msg, HasSubstr("with the buffer's type"));
  g.update(running, x);
  msg = errorOf([&] { g.update(running, x); });
  EXPECT_THAT(msg, HasSubstr("buffer 'running' is updated twice"));
  msg = errorOf([&] { g.markMask(g.input("m", {4, 2})); });
  EXPECT_THAT(msg, HasSubstr("must be a [B] f32 input"));
  msg = errorOf([&] { g.output(x, ""); });
  EXPECT_THAT(msg, HasSubstr("the name is empty"));
}

TEST(GraphApiErrors, NoOutputsNamesTheCallersLine) {
  Graph g("empty");
  g.input("x", {2});
  std::string where;
  std::string msg = errorOf([&] {
    where = NEXT_LINE;
    g.compile();
  });
  EXPECT_THAT(
      msg, AllOf(HasSubstr("graph 'empty' has no outputs"), HasSubstr(where)));
  msg = errorOf([&] {
    where = NEXT_LINE;
    (void)g.print();
  });
  EXPECT_THAT(msg, HasSubstr(where));
}

TEST(GraphApiErrors, ConvAndPoolMisuseNamesOpShapesAndLine) {
  Graph g;
  auto x = g.input("x", {2, 3, 8, 8});
  auto w = g.input("w", {4, 2, 3, 3}); // expects 2 input channels
  std::string where;
  std::string msg = errorOf([&] {
    where = NEXT_LINE;
    conv2d(x, w);
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("aig.conv2d"), HasSubstr("channel mismatch"),
                         HasSubstr("2x3x8x8"), HasSubstr(where)));
  auto w9 = g.input("w9", {4, 3, 9, 9}); // larger than the 8x8 image
  msg = errorOf([&] {
    where = NEXT_LINE;
    conv2d(x, w9);
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("larger than the padded input 8x8"),
                         HasSubstr(where)));
  Conv2DOptions negative;
  negative.padding = {-1};
  msg = errorOf([&] {
    where = NEXT_LINE;
    conv2d(x, g.input("w3", {4, 3, 3, 3}), {}, negative);
  });
  EXPECT_THAT(
      msg, AllOf(HasSubstr("padding must not be negative"), HasSubstr(where)));
  Conv2DOptions threePads;
  threePads.padding = {1, 1, 1};
  msg = errorOf([&] {
    where = NEXT_LINE;
    conv2d(x, w9, {}, threePads);
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("padding needs 1, 2 (h, w) or 4"),
                         HasSubstr(where)));
  Pool2DOptions zeroStride;
  zeroStride.stride = {0};
  msg = errorOf([&] {
    where = NEXT_LINE;
    maxPool2d(x, {2}, zeroStride);
  });
  EXPECT_THAT(msg,
              AllOf(HasSubstr("aig.max_pool2d"),
                    HasSubstr("stride must be positive"), HasSubstr(where)));
  msg = errorOf([&] {
    where = NEXT_LINE;
    avgPool2d(x, {9});
  });
  EXPECT_THAT(msg, AllOf(HasSubstr("aig.avg_pool2d"), HasSubstr(where)));
}

TEST(GraphApiErrors, EveryShapeRuleIsLocated) {
  Graph g;
  auto m = g.input("m", {2, 3});
  auto v = g.input("v", {5});
  auto i = g.input("i", {2, 3}, DType::I32);
  auto mask = g.input("mask", {4}, DType::Bool);
  struct Case {
    const char *op;
    const char *text;
    std::function<void()> build;
  };
  std::vector<Case> cases = {
      {"aig.matmul", "contracting dimensions differ", [&] { matmul(m, m); }},
      {"aig.matmul", "rank >= 2", [&] { matmul(v, m); }},
      {"aig.sub", "different element types", [&] { sub(m, i); }},
      {"aig.exp", "", [&] { exp(i); }},
      {"aig.broadcast_to", "cannot broadcast", [&] { broadcastTo(m, {4}); }},
      {"aig.reshape", "cannot reshape", [&] { reshape(m, {4}); }},
      {"aig.reshape", "at most one dimension",
       [&] {
         reshape(m, {-1, -1});
       }},
      {"aig.transpose", "not a permutation",
       [&] {
         transpose(m, {0, 0});
       }},
      {"aig.concat", "incompatible",
       [&] {
         concat({m, v}, 0);
       }},
      {"aig.concat", "out of range",
       [&] {
         concat({m, m}, 2);
       }},
      {"aig.slice", "runs past",
       [&] {
         slice(m, {0, 2}, {2, 2});
       }},
      {"aig.reduce_sum", "out of range", [&] { reduceSum(m, {2}); }},
      {"aig.reduce_max", "reduced twice",
       [&] {
         reduceMax(m, {1, -1});
       }},
      {"aig.softmax", "out of range", [&] { softmax(m, 5); }},
      {"aig.compare", "not broadcast", [&] { compare(Cmp::LT, m, v); }},
      {"aig.select", "does not broadcast", [&] { select(mask, m, m); }},
  };
  for (const Case &c : cases) {
    std::string msg = errorOf(c.build);
    EXPECT_THAT(msg, AllOf(HasSubstr(c.op), HasSubstr(c.text),
                           HasSubstr("ApiTest.cpp:")))
        << c.op << " / " << c.text;
  }
}

TEST(GraphApiErrors, GraphMisuse) {
  Graph g1, g2;
  auto a = g1.input("a", {2});
  auto b = g2.input("b", {2});
  EXPECT_THAT(errorOf([&] { add(a, b); }), HasSubstr("different graphs"));
  EXPECT_THAT(errorOf([&] { g1.input("a", {3}); }),
              HasSubstr("declared twice"));
  EXPECT_THAT(errorOf([&] { g1.input("n", {-2}); }),
              HasSubstr("negative dimension"));
  EXPECT_THAT(errorOf([&] { g1.output(b); }),
              HasSubstr("not a tensor of this graph"));
  EXPECT_THAT(errorOf([&] { g1.compile(); }), HasSubstr("has no outputs"));
  EXPECT_THAT(errorOf([&] { relu(Tensor()); }), HasSubstr("empty"));
}

} // namespace

namespace {
TEST(GraphApi, WritesObjectAndHeader) {
  Graph g("scale");
  g.output(g.input("x", {4}) * 3.0);
  std::string dir = ::testing::TempDir();
  g.writeObject(dir + "/scale.o");
  g.writeHeader(dir + "/scale.h");
  FILE *o = std::fopen((dir + "/scale.o").c_str(), "rb");
  ASSERT_NE(o, nullptr);
  char magic[4] = {};
  ASSERT_EQ(std::fread(magic, 1, 4, o), 4u);
  std::fclose(o);
  EXPECT_EQ(std::string(magic, 4), "\x7f"
                                   "ELF");
  FILE *h = std::fopen((dir + "/scale.h").c_str(), "r");
  ASSERT_NE(h, nullptr);
  std::string text(4096, '\0');
  text.resize(std::fread(text.data(), 1, text.size(), h));
  std::fclose(h);
  EXPECT_THAT(text, HasSubstr("void _mlir_ciface_scale(aicc_memref_1d_f32 *x, "
                              "aicc_memref_1d_f32 *result0);"));
  EXPECT_THAT(text, HasSubstr("static inline void aicc_scale(const float *x, "
                              "float *result0)"));
  EXPECT_THAT(text, HasSubstr("in  x            tensor<4xf32>"));
}
} // namespace
