//===- BuiltinModels.h - the driver's built-in models -----------*- C++ -*-===//
//
// `aicc train/eval/sample/compile` accept a built-in model name (mlp,
// lenet, vae) where they accept a .mlir file: this builds its graphs for a
// data set and compiles them.
//
//===----------------------------------------------------------------------===//

#ifndef AICC_TOOLS_AICC_BUILTINMODELS_H
#define AICC_TOOLS_AICC_BUILTINMODELS_H

#include "aicc/Models.h"
#include "aicc/Trainer.h"
#include "aicc/runtime/Dataset.h"

#include <string>
#include <vector>

namespace aicc::driver {

/// The built-in models.
inline constexpr const char *kBuiltinModels =
    "mlp, lenet, vae, char-lstm, char-rnn or char-gru";
bool isBuiltinModel(const std::string &name);

/// The data set named by --data / --data-dir.
rt::Dataset loadData(const std::string &spec, const std::string &dataDir);

/// How a built-in model is built, beyond the data set's shapes.
struct BuiltinOptions {
  int64_t batch = 128;
  std::vector<int64_t> hidden; ///< mlp: widths; vae: one width (400)
  double dropout = 0.0;
  bool batchNorm = false;
  /// Training samples per epoch (0: none): the epoch's last N mod B
  /// samples get their own compiled step.
  int64_t trainSamples = 0;
  /// vae: the rows of the compiled @sample, @encode and @decode (0: none).
  int64_t sampleCount = 0;
};

/// The built-in model `model` or a .mlir file, compiled for training. For
/// the vae, `data` loses its labels (the images are the targets) and its
/// pixels must be in [0, 1].
Trainer makeTrainer(const std::string &model, rt::Dataset &data,
                    const BuiltinOptions &options,
                    const OptimizerOptions &optimizer, uint64_t seed);

/// The VAE's sizes from a checkpoint's tensors (fc1.w: features x hidden,
/// fc21.w: hidden x latent).
models::VAEConfig vaeConfigFromCheckpoint(const std::string &path);

/// The aig module of a built-in model on Fashion-MNIST-shaped data
/// (batch 128; the vae's @sample/@decode/@encode take 64 rows), for
/// `aicc compile vae ...`.
std::string builtinModuleText(const std::string &model);

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_BUILTINMODELS_H
