//===- VAE.cpp - the built-in variational autoencoder ---------------------===//
//
// The VAE of ../shared/bench-ref/vae_train.py (as pytorch/examples' vae):
// encoder fc1 784 -> 400, ReLU, then fc21 400 -> 20 (mu) and fc22 400 -> 20
// (log-variance); z = mu + eps * exp(logvar / 2) with eps ~ N(0, I) drawn in
// compiled code; decoder fc3 20 -> 400, ReLU, fc4 400 -> 784, sigmoid.
//
// The loss is the negative evidence lower bound per image: binary
// cross-entropy summed over the pixels plus KL(q(z|x) || N(0, I)), averaged
// over the batch. The reference sums over the batch instead; Adam's update
// does not depend on the scale of the loss (up to its epsilon, 1e-8, far
// below these gradients), and the mean reads as nats per image. The
// cross-entropy is computed from the decoder's logits,
// max(l, 0) - l * x + log(1 + exp(-|l|)), which equals BCE(sigmoid(l), x)
// without the rounding of sigmoid near 0 and 1 (PyTorch clamps log at -100
// there instead).
//
//===----------------------------------------------------------------------===//

#include "aicc/Models.h"

#include "aicc/Losses.h"
#include "aicc/Ops.h"

namespace aicc::models {

namespace {
/// x @ W + b with W in x out, PyTorch nn.Linear's initialization.
Tensor linear(Graph &g, const Tensor &x, const std::string &name, int64_t in,
              int64_t out) {
  Tensor w = g.parameter(name + ".w", {in, out}, "torch_linear", in);
  Tensor b = g.parameter(name + ".b", {out}, "torch_linear", in);
  return matmul(x, w) + b;
}

struct Encoded {
  Tensor mu, logvar;
};

Encoded encode(Graph &g, const VAEConfig &c, const Tensor &x) {
  Tensor h = relu(linear(g, x, "fc1", c.features, c.hidden));
  return {linear(g, h, "fc21", c.hidden, c.latent),
          linear(g, h, "fc22", c.hidden, c.latent)};
}

/// The decoder's logits (before the sigmoid).
Tensor decodeLogits(Graph &g, const VAEConfig &c, const Tensor &z) {
  Tensor h = relu(linear(g, z, "fc3", c.latent, c.hidden));
  return linear(g, h, "fc4", c.hidden, c.features);
}

/// The negative ELBO of each image ([B]), with one draw of z per image.
Tensor negElboPerImage(Graph &g, const VAEConfig &c, int64_t batch,
                       const Tensor &x) {
  Encoded q = encode(g, c, x);
  Tensor eps = g.randomNormal({batch, c.latent});
  Tensor z = q.mu + eps * exp(q.logvar * 0.5);
  Tensor l = decodeLogits(g, c, z);
  Tensor bce = maximum(l, scalarLike(l, 0.0)) - l * x + log1p(exp(-abs(l)));
  Tensor kl = (1.0 + q.logvar - q.mu * q.mu - exp(q.logvar));
  return reduceSum(bce, {1}) + reduceSum(kl, {1}) * -0.5;
}
} // namespace

Graph vaeLoss(const VAEConfig &config, const std::string &name) {
  Graph g(name);
  Tensor x = g.input("x", {config.batch, config.features});
  Tensor perImage = negElboPerImage(g, config, config.batch, x);
  g.output(reduceSum(perImage, {0}) * (1.0 / double(config.batch)));
  return g;
}

Graph vaeMetrics(const VAEConfig &config) {
  Graph g("metrics");
  Tensor x = g.input("x", {config.batch, config.features});
  Tensor mask = g.input("mask", {config.batch});
  g.markMask(mask);
  Tensor perImage = negElboPerImage(g, config, config.batch, x);
  g.output(reduceSum(perImage * mask, {0}), "neg_elbo");
  return g;
}

Graph vaeSample(const VAEConfig &config, int64_t count) {
  Graph g("sample");
  Tensor z = g.randomNormal({count, config.latent});
  g.output(sigmoid(decodeLogits(g, config, z)));
  return g;
}

Graph vaeDecode(const VAEConfig &config, int64_t count) {
  Graph g("decode");
  Tensor z = g.input("z", {count, config.latent});
  g.output(sigmoid(decodeLogits(g, config, z)));
  return g;
}

Graph vaeEncode(const VAEConfig &config, int64_t count) {
  Graph g("encode");
  Tensor x = g.input("x", {count, config.features});
  Encoded q = encode(g, config, x);
  g.output(q.mu);
  g.output(q.logvar);
  return g;
}

} // namespace aicc::models
