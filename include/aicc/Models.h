//===- Models.h - built-in models, written with the graph API ---*- C++ -*-===//

#ifndef AICC_MODELS_H
#define AICC_MODELS_H

#include "aicc/Graph.h"

#include <string>
#include <vector>

namespace aicc::models {

/// A multi-layer perceptron: flatten, (linear, ReLU) per hidden layer, then
/// a linear layer to the classes. Parameters w1, b1, w2, b2, ... (x @ W + b,
/// W is in x out), PyTorch nn.Linear's default initialization.
struct MLPConfig {
  int64_t batch = 128;
  std::vector<int64_t> sampleShape = {784};
  std::vector<int64_t> hidden = {256, 256};
  int64_t classes = 10;
  /// Dropout probability after every hidden layer's ReLU, applied in @loss
  /// (training); @logits (evaluation) never drops.
  double dropout = 0.0;
};

/// `loss(x, labels, params...)`: mean cross-entropy of the logits. `name`
/// is the function's name ("loss_tail" for the epoch's last, smaller batch).
Graph mlpLoss(const MLPConfig &config, const std::string &name = "loss");
/// `logits(x, params...)`.
Graph mlpLogits(const MLPConfig &config);
/// `metrics(x, labels, mask, params...)`: the test loss and accuracy sums
/// (evaluation mode), computed in compiled code.
Graph mlpMetrics(const MLPConfig &config);

/// LeNet-5 (../shared/bench-ref/cnn_train.py): conv 5x5 -> 6 (padding 2),
/// ReLU, max-pool 2; conv 5x5 -> 16, ReLU, max-pool 2; fc 120, ReLU; fc 84,
/// ReLU; fc to the classes. The input is flat (batch x C*H*W, as the data
/// sets hold it). Parameters conv1.w (OIHW), conv1.b, conv2.w, conv2.b,
/// fc1.w (in x out), fc1.b, ..., fc3.b, with PyTorch's default
/// initialization.
struct LeNetConfig {
  int64_t batch = 128;
  int64_t channels = 1, height = 28, width = 28;
  int64_t classes = 10;
  /// Dropout probability after the ReLUs of fc1 and fc2, in @loss only.
  double dropout = 0.0;
  /// Batch normalization after each convolution (before its ReLU):
  /// batch statistics in @loss, running statistics (buffers
  /// convN.bn.running_mean / running_var) in @logits.
  bool batchNorm = false;
};

/// `loss(x, labels, params...)`: mean cross-entropy of the logits.
Graph lenetLoss(const LeNetConfig &config, const std::string &name = "loss");
/// `logits(x, params...)`.
Graph lenetLogits(const LeNetConfig &config);
/// `metrics(x, labels, mask, params...)`, as mlpMetrics.
Graph lenetMetrics(const LeNetConfig &config);

/// The variational autoencoder of ../shared/bench-ref/vae_train.py:
/// encoder fc1 (features -> hidden), ReLU, fc21 / fc22 (hidden -> latent:
/// mu and log-variance); z = mu + eps * exp(logvar / 2), eps ~ N(0, I) from
/// the in-graph random_normal; decoder fc3 (latent -> hidden), ReLU, fc4
/// (hidden -> features), sigmoid. Parameters fc1.w, fc1.b, ..., fc4.b
/// (x @ W + b, W is in x out), PyTorch nn.Linear's default initialization.
/// Inputs are flat images with pixels in [0, 1] (the BCE targets).
struct VAEConfig {
  int64_t batch = 128;
  int64_t features = 784, hidden = 400, latent = 20;
};

/// `loss(x, params..., rng)`: the negative ELBO per image (BCE summed over
/// pixels + KL), the mean over the batch, one draw of z per image.
Graph vaeLoss(const VAEConfig &config, const std::string &name = "loss");
/// `metrics(x, mask, params..., rng)`: "neg_elbo", the masked sum over the
/// batch of each image's negative ELBO (one draw of z per image).
Graph vaeMetrics(const VAEConfig &config);
/// `sample(params..., rng) -> images [count, features]`: z ~ N(0, I) drawn
/// in compiled code from the key `rng` and decoded.
Graph vaeSample(const VAEConfig &config, int64_t count);
/// `decode(z [count, latent], params...) -> images [count, features]`.
Graph vaeDecode(const VAEConfig &config, int64_t count);
/// `encode(x [count, features], params...) -> (mu, logvar)`.
Graph vaeEncode(const VAEConfig &config, int64_t count);

/// The character language models of ../shared/bench-ref/char_rnn.py:
/// Embedding(V, embed) -> one recurrent layer (`cell`: rnn (tanh), lstm or
/// gru) of `hidden` -> Linear(hidden, V), PyTorch's parameter names,
/// layouts and initializations (emb.weight, rnn.weight_ih_l0, ...,
/// out.weight, out.bias).
struct CharModelConfig {
  std::string cell = "lstm";
  int64_t vocabulary = 0;
  int64_t embed = 64, hidden = 256;
  int64_t batch = 32, seq = 64;
};
/// `loss(x [B, T] i64, y [B, T] i64, params...)`: the mean cross-entropy
/// of every next character (y is x shifted by one), zero initial state.
Graph charLoss(const CharModelConfig &config, const std::string &name = "loss");
/// `metrics(x, y, mask [B], params...)`: "loss", the masked sum over the
/// batch of each sequence's mean cross-entropy per character.
Graph charMetrics(const CharModelConfig &config);
/// `sample(prompt [P] i64, temperature f32, params..., rng) -> ids [L]`:
/// runs the prompt through the layer, then generates `length` characters
/// in one compiled loop, each drawn from softmax(logits / temperature)
/// (Gumbel-max with a key [seed, offset + t] per step: the same key, the
/// same text). `topK` > 0 draws among the k most likely characters only.
Graph charSample(const CharModelConfig &config, int64_t promptLength,
                 int64_t length, int64_t topK = 0);

} // namespace aicc::models

#endif // AICC_MODELS_H
