//===- RunCommand.cpp - aicc run ------------------------------------------===//

#include "Commands.h"
#include "DriverSupport.h"

#include "aicc/Compiler/EntryPoints.h"
#include "aicc/Compiler/Jit.h"
#include "aicc/Compiler/Pipeline.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/Npy.h"
#include "aicc/runtime/Print.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <fmt/format.h>

using namespace mlir;

namespace aicc::driver {

int RunCommand::execute() {
  if (optLevel > 3)
    return fail("run", "-O must be 0, 1, 2 or 3");
  Session session;
  OwningOpRef<ModuleOp> module = session.load(input);
  if (!module)
    return 1;

  if (failed(addTrainingFunctions(*module, autodiff, "")))
    return 1;
  auto entries = collectEntryPoints(*module);
  if (failed(entries))
    return 1;
  std::string name = entry;
  if (name.empty()) {
    if (entries->size() != 1)
      return fail("run", fmt::format("{} has {} public functions ({}): "
                                     "choose one with --entry",
                                     input.getValue(), entries->size(),
                                     entryPointNames(*entries)));
    name = entries->front().name;
  }
  const EntryPoint *target = findEntryPoint(*entries, name);
  if (!target)
    return fail("run",
                fmt::format("{}: no public function named '{}' "
                            "(the module has: {})",
                            input.getValue(), name, entryPointNames(*entries)));
  if (inputs.size() != target->inputs.size())
    return fail("run", fmt::format("'{}' takes {} argument(s), but {} "
                                   "--input file(s) were given",
                                   name, target->inputs.size(), inputs.size()));

  // Read and check every input before compiling: bad data fails fast.
  std::vector<rt::Tensor> tensors;
  try {
    for (const std::string &path : inputs)
      tensors.push_back(rt::readNpy(path));
  } catch (const rt::Error &e) {
    return fail("run", e.what());
  }
  for (auto [i, t] : llvm::enumerate(tensors))
    if (llvm::Error err = checkTensor(
            t, target->inputs[i],
            fmt::format("argument #{} of '{}' ({})", i, name, inputs[i])))
      return fail("run", llvm::toString(std::move(err)));

  if (failed(runPipeline(*module, Phase::LLVM, nullptr, configurePassManager)))
    return 1;
  auto jit = JitModule::create(*module, *entries, optLevel);
  if (!jit)
    return fail("run", llvm::toString(jit.takeError()));

  std::vector<const rt::Tensor *> args;
  for (const rt::Tensor &t : tensors)
    args.push_back(&t);
  auto results = (*jit)->run(name, args);
  if (!results)
    return fail("run", llvm::toString(results.takeError()));

  if (!outDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(outDir))
      return fail("run", fmt::format("cannot create --out-dir '{}': {}",
                                     outDir.getValue(), ec.message()));
  }
  // Results written into an argument in place (train steps) are reported in
  // their position among the function's results.
  std::vector<const rt::Tensor *> all;
  size_t next = 0;
  size_t total = results->size() + target->updates.size();
  for (size_t r = 0; r < total; ++r) {
    auto tied =
        llvm::find_if(target->updates, [&](auto &u) { return u.first == r; });
    all.push_back(tied != target->updates.end() ? &tensors[tied->second]
                                                : &(*results)[next++]);
  }
  for (auto [i, tp] : llvm::enumerate(all)) {
    const rt::Tensor &t = *tp;
    if (!quiet)
      fmt::print("result{} = {}\n", i, rt::formatTensor(t));
    if (outDir.empty())
      continue;
    llvm::SmallString<256> path(outDir.getValue());
    llvm::sys::path::append(path, fmt::format("result{}.npy", i));
    try {
      rt::writeNpy(std::string(path), t);
    } catch (const rt::Error &e) {
      return fail("run", e.what());
    }
  }
  return 0;
}

} // namespace aicc::driver
