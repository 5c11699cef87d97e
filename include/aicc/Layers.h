//===- Layers.h - layers with parameters and state ---------------*- C++
//-*-===//
//
// Layers that declare their own parameters and buffers in the graph, named
// after the layer (`name.weight`, `name.running_mean`, ...).
//
//===----------------------------------------------------------------------===//

#ifndef AICC_LAYERS_H
#define AICC_LAYERS_H

#include "aicc/Graph.h"

#include <string>
#include <vector>

namespace aicc {

struct BatchNormOptions {
  double momentum = 0.1; ///< PyTorch's: running = (1 - m) running + m batch
  double epsilon = 1e-5;
};

/// PyTorch's nn.BatchNorm2d on NCHW `x`, per channel: the parameters
/// `name.weight` (ones) and `name.bias` (zeros), the buffers
/// `name.running_mean` (zeros) and `name.running_var` (ones).
/// - `training`: normalizes with the batch's mean and (biased) variance
///   over N, H and W, and declares the running statistics' updates
///   (unbiased variance, as PyTorch) with Graph::update, which the
///   compiled train step writes in place;
/// - otherwise: normalizes with the running statistics.
/// The gradient flows through the batch statistics (autodiff of the
/// composite ops), as in PyTorch.
Tensor batchNorm2d(Graph &g, const Tensor &x, const std::string &name,
                   bool training, const BatchNormOptions &options = {},
                   SourceLoc where = SourceLoc::current());

/// The weights of one recurrent layer with PyTorch's names, layout and
/// initialization, so that a PyTorch state_dict loads as is:
/// `name.weight_ih_l0` [G*H, in], `name.weight_hh_l0` [G*H, H],
/// `name.bias_ih_l0` and `name.bias_hh_l0` [G*H], all uniform in
/// (-1/sqrt(H), 1/sqrt(H)). G = 1 for "rnn" (tanh), 4 for "lstm" (gates
/// i, f, g, o) and 3 for "gru" (r, z, n), PyTorch's gate order.
struct RecurrentWeights {
  std::string cell;
  int64_t input = 0, hidden = 0;
  Tensor weightIH, weightHH, biasIH, biasHH;
  /// weight_ih and weight_hh transposed ([in, G*H], [H, G*H]), computed
  /// once, outside any loop.
  Tensor weightIHt, weightHHt;
  /// The number of state tensors (h; h and c for the LSTM).
  size_t stateCount() const { return cell == "lstm" ? 2 : 1; }
};

/// Declares the parameters of a recurrent layer; throws GraphError for an
/// unknown cell (rnn, lstm or gru) or a size below 1.
RecurrentWeights recurrentWeights(Graph &g, const std::string &cell,
                                  const std::string &name, int64_t input,
                                  int64_t hidden,
                                  SourceLoc where = SourceLoc::current());

/// The input's share of the gates for every row of `x` [N, in]:
/// x @ weight_ih^T + bias_ih (+ bias_hh for rnn and lstm, whose biases
/// simply add). Computed for the whole sequence at once, outside the loop.
Tensor recurrentInputProjection(const RecurrentWeights &w, const Tensor &x,
                                SourceLoc where = SourceLoc::current());

/// One step of the cell from the projected input `xProjection` [B, G*H]
/// and the state ({h} or {h, c}, each [B, H]): the next state, h first.
/// PyTorch's equations (nn.RNNCell, nn.LSTMCell, nn.GRUCell).
std::vector<Tensor> recurrentStep(const RecurrentWeights &w,
                                  const Tensor &xProjection,
                                  const std::vector<Tensor> &state,
                                  SourceLoc where = SourceLoc::current());

struct RecurrentOutput {
  Tensor outputs;                 ///< h of every step, [T, B, H]
  std::vector<Tensor> finalState; ///< h (and c) after the last step
};

/// The layer over a time-major sequence `x` [T, B, in]: one aig.scan over
/// T, starting from `state` (zeros when empty), as PyTorch's nn.RNN /
/// nn.LSTM / nn.GRU with batch_first=False.
RecurrentOutput recurrent(Graph &g, const RecurrentWeights &w, const Tensor &x,
                          const std::vector<Tensor> &state = {},
                          SourceLoc where = SourceLoc::current());

} // namespace aicc

#endif // AICC_LAYERS_H
