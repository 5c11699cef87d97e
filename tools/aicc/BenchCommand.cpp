//===- BenchCommand.cpp - aicc bench --------------------------------------===//

#include "Commands.h"
#include "DriverSupport.h"

#include "aicc/Compiler/EntryPoints.h"
#include "aicc/Compiler/Jit.h"
#include "aicc/Compiler/Pipeline.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/Npy.h"
#include "aicc/runtime/Philox.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

using namespace mlir;

namespace aicc::driver {

int BenchCommand::execute() {
  if (repeats < 1)
    return fail("bench", fmt::format("--repeats must be at least 1, got {}",
                                     repeats.getValue()));
  if (warmup < 0)
    return fail("bench", fmt::format("--warmup must not be negative, got {}",
                                     warmup.getValue()));
  if (optLevel > 3)
    return fail("bench", "-O must be 0, 1, 2 or 3");
  Session session;
  OwningOpRef<ModuleOp> module = session.load(input);
  if (!module)
    return 1;
  auto entries = collectEntryPoints(*module);
  if (failed(entries))
    return 1;
  std::string name = entry;
  if (name.empty()) {
    if (entries->size() != 1)
      return fail("bench", "the module has several public functions: choose "
                           "one with --entry");
    name = entries->front().name;
  }
  const EntryPoint *found = findEntryPoint(*entries, name);
  if (!found)
    return fail("bench", fmt::format("no public function named '{}'", name));
  if (!inputs.empty() && inputs.size() != found->inputs.size())
    return fail("bench",
                fmt::format("'{}' takes {} argument(s), but {} "
                            "--input file(s) were given",
                            name, found->inputs.size(), inputs.size()));

  std::vector<rt::Tensor> args;
  try {
    rt::Philox rng(0);
    for (auto [i, spec] : llvm::enumerate(found->inputs)) {
      if (!inputs.empty()) {
        args.push_back(rt::readNpy(inputs[i]));
        if (llvm::Error err = checkTensor(args.back(), spec,
                                          "argument #" + std::to_string(i)))
          return fail("bench", llvm::toString(std::move(err)));
        continue;
      }
      auto t = allocateTensor(spec);
      if (!t)
        return fail("bench", llvm::toString(t.takeError()));
      if (t->dtype() == rt::DType::F32)
        for (int64_t k = 0; k < t->numElements(); ++k)
          t->data<float>()[k] = rng.uniform();
      args.push_back(std::move(*t));
    }
  } catch (const rt::Error &e) {
    return fail("bench", e.what());
  }

  auto compileStart = std::chrono::steady_clock::now();
  if (failed(runPipeline(*module, Phase::LLVM, nullptr, configurePassManager)))
    return 1;
  auto jit = JitModule::create(*module, *entries, optLevel);
  if (!jit)
    return fail("bench", llvm::toString(jit.takeError()));
  double compileMs = std::chrono::duration<double, std::milli>(
                         std::chrono::steady_clock::now() - compileStart)
                         .count();

  std::vector<rt::Tensor> results;
  for (const TensorSpec &spec : found->results) {
    auto t = allocateTensor(spec);
    if (!t)
      return fail("bench", llvm::toString(t.takeError()));
    results.push_back(std::move(*t));
  }
  std::vector<const rt::Tensor *> in;
  for (const rt::Tensor &t : args)
    in.push_back(&t);
  std::vector<rt::Tensor *> out;
  for (rt::Tensor &t : results)
    out.push_back(&t);

  std::vector<double> times;
  for (int r = 0; r < warmup + repeats; ++r) {
    auto start = std::chrono::steady_clock::now();
    if (llvm::Error err = (*jit)->invoke(name, in, out))
      return fail("bench", llvm::toString(std::move(err)));
    double us = std::chrono::duration<double, std::micro>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    if (r >= warmup)
      times.push_back(us);
  }
  std::sort(times.begin(), times.end());
  fmt::print("RESULT name={} repeats={} median_us={:.1f} min_us={:.1f} "
             "max_us={:.1f} compile_ms={:.0f}\n",
             name, repeats.getValue(), times[times.size() / 2], times.front(),
             times.back(), compileMs);
  return 0;
}

} // namespace aicc::driver
