//===- CharRNN.cpp - the built-in character language models ---------------===//
//
// The model of ../shared/bench-ref/char_rnn.py: Embedding(V, 64), one
// recurrent layer (tanh RNN, LSTM or GRU) of 256, Linear(256, V); trained
// on sequences of 64 characters with the mean cross-entropy of every next
// character. Parameter names and layouts are PyTorch's (emb.weight,
// rnn.weight_ih_l0, ..., out.weight [V, H], out.bias), so a state_dict of
// the reference's CharLM loads as is.
//
// The data are batch-major ([B, T] ids, as sampled from the corpus); the
// network runs time-major ([T, B, ...]): one transpose of the ids, and the
// loop (aig.scan) slices contiguous [B, ...] steps.
//
//===----------------------------------------------------------------------===//

#include "aicc/Models.h"

#include "aicc/Layers.h"
#include "aicc/Losses.h"
#include "aicc/Ops.h"

#include <limits>
#include <numeric>

namespace aicc::models {

namespace {
struct CharWeights {
  Tensor embedding;
  RecurrentWeights rnn;
  Tensor outWeight, outBias;
  /// out.weight transposed, once (not at every step of a sampling loop).
  Tensor outWeightT;
};

CharWeights declareWeights(Graph &g, const CharModelConfig &c) {
  if (c.vocabulary < 1)
    throw GraphError("char model: the vocabulary must have at least one "
                     "character, got " +
                     std::to_string(c.vocabulary));
  CharWeights w;
  // nn.Embedding's N(0, 1); nn.Linear's uniform in +-1/sqrt(fan-in).
  w.embedding =
      g.parameter("emb.weight", {c.vocabulary, c.embed}, "normal", 0, 0, 1.0);
  w.rnn = recurrentWeights(g, c.cell, "rnn", c.embed, c.hidden);
  w.outWeight = g.parameter("out.weight", {c.vocabulary, c.hidden},
                            "torch_linear", c.hidden);
  w.outBias = g.parameter("out.bias", {c.vocabulary}, "torch_linear", c.hidden);
  w.outWeightT = transpose(w.outWeight, {1, 0});
  return w;
}

/// Logits [rows, V] of hidden states [rows, H].
Tensor project(const CharWeights &w, const Tensor &h) {
  return matmul(h, w.outWeightT) + w.outBias;
}

/// Logits [T * B, V] (time-major rows) of the ids x [B, T].
Tensor sequenceLogits(Graph &g, const CharModelConfig &c, const CharWeights &w,
                      const Tensor &x) {
  Tensor ids = transpose(x, {1, 0});                   // [T, B]
  Tensor embedded = gather(w.embedding, ids, 0);       // [T, B, E]
  RecurrentOutput out = recurrent(g, w.rnn, embedded); // [T, B, H]
  return project(w, reshape(out.outputs, {c.seq * c.batch, c.hidden}));
}

/// Targets y [B, T] as time-major rows [T * B].
Tensor targetRows(const CharModelConfig &c, const Tensor &y) {
  return reshape(transpose(y, {1, 0}), {c.seq * c.batch});
}

/// The index of the largest value of each row of x [N, V] ([N] i64; the
/// first one on a tie).
Tensor argmaxRows(Graph &g, const Tensor &x) {
  int64_t v = x.shape()[1];
  std::vector<float> iota(v);
  std::iota(iota.begin(), iota.end(), 0.0f);
  Tensor index = g.constant(rt::Tensor::fromValues<float>({v}, iota));
  Tensor isMax = compare(Cmp::EQ, x, reduceMax(x, {1}, /*keepdims=*/true));
  Tensor negated = select(isMax, -index, scalarLike(x, -double(v)));
  return cast(-reduceMax(negated, {1}), DType::I64);
}
/// x [1, V] with every value below its k-th largest set to -inf: the
/// k-th largest is found by k rounds of "take the maximum, remove it" (a
/// small loop of its own), so nothing is sorted. Ties at the threshold
/// all stay.
Tensor keepTopK(Graph &g, const Tensor &x, int64_t k) {
  Tensor minusInf = scalarLike(x, -std::numeric_limits<double>::infinity());
  Tensor first = reduceMax(x, {1}, /*keepdims=*/true);
  ScanResult rounds =
      scan(g, {x, first}, {}, k, /*axis=*/0,
           [&](const Tensor &, const std::vector<Tensor> &carried,
               const std::vector<Tensor> &) {
             Tensor largest = reduceMax(carried[0], {1}, /*keepdims=*/true);
             Tensor rest = select(compare(Cmp::GE, carried[0], largest),
                                  minusInf, carried[0]);
             return std::vector<Tensor>{rest, largest};
           });
  Tensor threshold = rounds.finals[1];
  return select(compare(Cmp::GE, x, threshold), x, minusInf);
}
} // namespace

Graph charLoss(const CharModelConfig &c, const std::string &name) {
  Graph g(name);
  Tensor x = g.input("x", {c.batch, c.seq}, DType::I64);
  Tensor y = g.input("y", {c.batch, c.seq}, DType::I64);
  CharWeights w = declareWeights(g, c);
  g.output(crossEntropy(sequenceLogits(g, c, w, x), targetRows(c, y)));
  return g;
}

Graph charMetrics(const CharModelConfig &c) {
  Graph g("metrics");
  Tensor x = g.input("x", {c.batch, c.seq}, DType::I64);
  Tensor y = g.input("y", {c.batch, c.seq}, DType::I64);
  Tensor mask = g.input("mask", {c.batch});
  g.markMask(mask);
  CharWeights w = declareWeights(g, c);
  // Each sequence's mean cross-entropy per character (the Trainer divides
  // the sum by the number of sequences): all have T characters, so this is
  // the mean over every character of the set, as the reference's val_loss.
  Tensor rowMask =
      reshape(broadcastTo(mask, {c.seq, c.batch}), {c.seq * c.batch});
  Tensor sum =
      crossEntropySum(sequenceLogits(g, c, w, x), targetRows(c, y), rowMask);
  g.output(sum * (1.0 / double(c.seq)), "loss");
  return g;
}

Graph charSample(const CharModelConfig &c, int64_t promptLength, int64_t length,
                 int64_t topK) {
  if (topK < 0 || topK > c.vocabulary)
    throw GraphError("charSample: top-k must be in [0, " +
                     std::to_string(c.vocabulary) +
                     "] (0: every character), got " + std::to_string(topK));
  if (promptLength < 1 || length < 1)
    throw GraphError("charSample: the prompt and the length must be at least "
                     "1, got " +
                     std::to_string(promptLength) + " and " +
                     std::to_string(length));
  Graph g("sample");
  Tensor prompt = g.input("prompt", {promptLength}, DType::I64);
  Tensor temperature = g.input("temperature", {});
  CharWeights w = declareWeights(g, c);

  // The prompt runs through the layer as a sequence of batch 1; its last
  // state and logits start the generation.
  Tensor embedded = gather(w.embedding, reshape(prompt, {promptLength, 1}), 0);
  RecurrentOutput primed = recurrent(g, w.rnn, embedded);
  std::vector<Tensor> carried = primed.finalState;
  carried.push_back(project(w, primed.finalState[0])); // logits [1, V]

  // Every character's share of the gates, once: a step then reads one row
  // ([1, G*H]) instead of multiplying by all of weight_ih.
  Tensor projectedTable = recurrentInputProjection(w.rnn, w.embedding);
  Tensor zero = g.constant(rt::Tensor::fromValues<int64_t>({1}, {0}));
  ScanResult generated =
      scan(g, carried, {}, length, /*axis=*/0,
           [&](const Tensor &t, const std::vector<Tensor> &state,
               const std::vector<Tensor> &) {
             // Gumbel-max: argmax(logits / T + G), G = -log(-log(u)), draws
             // from softmax(logits / T) exactly (torch.multinomial's
             // distribution), with a key [seed, offset + t] of its own at every
             // step.
             Tensor stepKey = g.rngKey() + concat({zero, reshape(t, {1})}, 0);
             Tensor u = randomUniformKeyed(stepKey, {1, c.vocabulary}, 0);
             Tensor gumbel = -log(-log(u));
             Tensor scaled = state.back() / temperature;
             if (topK > 0 && topK < c.vocabulary)
               scaled = keepTopK(g, scaled, topK);
             Tensor next = argmaxRows(g, scaled + gumbel); // [1]
             std::vector<Tensor> cellState(state.begin(), state.end() - 1);
             Tensor xProjection = gather(projectedTable, next, 0);
             std::vector<Tensor> out =
                 recurrentStep(w.rnn, xProjection, cellState);
             std::vector<Tensor> yielded = out;
             yielded.push_back(project(w, out[0]));
             yielded.push_back(next);
             return yielded;
           });
  g.output(reshape(generated.stacked[0], {length}));
  return g;
}

} // namespace aicc::models
