//===- Recurrent.cpp - RNN, LSTM and GRU layers on aig.scan ---------------===//
//
// PyTorch's cells, equation for equation, so that its weights load and its
// results compare (test/Numerics/torch_char_grads.py). The input's part of
// the gates is one matmul over the whole sequence before the loop; the loop
// body does only the recurrent matmul and the gate arithmetic.
//
//===----------------------------------------------------------------------===//

#include "aicc/Layers.h"

#include "aicc/Ops.h"

#include <cmath>

namespace aicc {

namespace {
int64_t gateCount(const std::string &cell) {
  if (cell == "rnn")
    return 1;
  if (cell == "lstm")
    return 4;
  if (cell == "gru")
    return 3;
  return 0;
}

[[noreturn]] void fail(const std::string &what, SourceLoc where) {
  throw GraphError(what + " at " + where.file + ":" +
                   std::to_string(where.line));
}

/// Columns [k*H, (k+1)*H) of a [B, G*H] tensor: gate k.
Tensor gate(const Tensor &x, int64_t k, int64_t hidden, SourceLoc where) {
  int64_t rows = x.shape()[0];
  return slice(x, {0, k * hidden}, {rows, hidden}, {}, where);
}
} // namespace

RecurrentWeights recurrentWeights(Graph &g, const std::string &cell,
                                  const std::string &name, int64_t input,
                                  int64_t hidden, SourceLoc where) {
  int64_t gates = gateCount(cell);
  if (gates == 0)
    fail("unknown recurrent cell '" + cell + "' (expected rnn, lstm or gru)",
         where);
  if (input < 1 || hidden < 1)
    fail(name +
             ": a recurrent layer needs input and hidden sizes of at "
             "least 1, got " +
             std::to_string(input) + " and " + std::to_string(hidden),
         where);
  RecurrentWeights w;
  w.cell = cell;
  w.input = input;
  w.hidden = hidden;
  // torch_linear with fan-in H: uniform in +-1/sqrt(H), PyTorch's
  // reset_parameters for every RNN weight and bias.
  w.weightIH = g.parameter(name + ".weight_ih_l0", {gates * hidden, input},
                           "torch_linear", hidden, 0, 0, where);
  w.weightHH = g.parameter(name + ".weight_hh_l0", {gates * hidden, hidden},
                           "torch_linear", hidden, 0, 0, where);
  w.biasIH = g.parameter(name + ".bias_ih_l0", {gates * hidden}, "torch_linear",
                         hidden, 0, 0, where);
  w.biasHH = g.parameter(name + ".bias_hh_l0", {gates * hidden}, "torch_linear",
                         hidden, 0, 0, where);
  w.weightIHt = transpose(w.weightIH, {1, 0}, where);
  w.weightHHt = transpose(w.weightHH, {1, 0}, where);
  return w;
}

Tensor recurrentInputProjection(const RecurrentWeights &w, const Tensor &x,
                                SourceLoc where) {
  Tensor projected = add(matmul(x, w.weightIHt, where), w.biasIH, where);
  // The GRU's b_hn sits inside r * (W_hn h + b_hn): it stays in the step.
  if (w.cell != "gru")
    projected = add(projected, w.biasHH, where);
  return projected;
}

std::vector<Tensor> recurrentStep(const RecurrentWeights &w,
                                  const Tensor &xProjection,
                                  const std::vector<Tensor> &state,
                                  SourceLoc where) {
  if (state.size() != w.stateCount())
    fail("recurrentStep: the " + w.cell + " cell takes " +
             std::to_string(w.stateCount()) + " state tensors, got " +
             std::to_string(state.size()),
         where);
  int64_t h = w.hidden;
  Tensor recurrentPart = matmul(state[0], w.weightHHt, where);
  if (w.cell == "rnn")
    return {tanh(add(xProjection, recurrentPart, where), where)};
  if (w.cell == "lstm") {
    Tensor gates = add(xProjection, recurrentPart, where);
    Tensor i = sigmoid(gate(gates, 0, h, where), where);
    Tensor f = sigmoid(gate(gates, 1, h, where), where);
    Tensor c = tanh(gate(gates, 2, h, where), where);
    Tensor o = sigmoid(gate(gates, 3, h, where), where);
    Tensor cNext = add(mul(f, state[1], where), mul(i, c, where), where);
    return {mul(o, tanh(cNext, where), where), cNext};
  }
  // GRU: r and z from both parts; n = tanh(x_n + r * (W_hn h + b_hn));
  // h' = (1 - z) * n + z * h = n + z * (h - n).
  Tensor hp = add(recurrentPart, w.biasHH, where);
  Tensor r = sigmoid(
      add(gate(xProjection, 0, h, where), gate(hp, 0, h, where), where), where);
  Tensor z = sigmoid(
      add(gate(xProjection, 1, h, where), gate(hp, 1, h, where), where), where);
  Tensor n = tanh(add(gate(xProjection, 2, h, where),
                      mul(r, gate(hp, 2, h, where), where), where),
                  where);
  return {add(n, mul(z, sub(state[0], n, where), where), where)};
}

RecurrentOutput recurrent(Graph &g, const RecurrentWeights &w, const Tensor &x,
                          const std::vector<Tensor> &state, SourceLoc where) {
  std::vector<int64_t> shape = x.shape();
  if (shape.size() != 3 || shape[2] != w.input)
    fail("recurrent " + w.cell + " layer: the input must be [T, B, " +
             std::to_string(w.input) + "] (time-major), got " + x.typeString(),
         where);
  int64_t steps = shape[0], batch = shape[1], h = w.hidden;
  std::vector<Tensor> init = state;
  if (init.empty())
    for (size_t k = 0; k < w.stateCount(); ++k)
      init.push_back(broadcastTo(scalarLike(x, 0.0, where), {batch, h}, where));
  int64_t gates = w.weightIH.shape()[0];
  Tensor projected =
      reshape(recurrentInputProjection(
                  w, reshape(x, {steps * batch, w.input}, where), where),
              {steps, batch, gates}, where);
  ScanResult r = scan(
      g, init, {projected}, steps, /*axis=*/0,
      [&](const Tensor &, const std::vector<Tensor> &carried,
          const std::vector<Tensor> &slices) {
        std::vector<Tensor> next = recurrentStep(w, slices[0], carried, where);
        std::vector<Tensor> yielded = next;
        yielded.push_back(next[0]);
        return yielded;
      },
      /*reverse=*/false, where);
  return {r.stacked[0], r.finals};
}

} // namespace aicc
