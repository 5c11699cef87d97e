//===- Jit.cpp - run compiled entry points in process ---------------------===//

#include "aicc/Compiler/Jit.h"
#include "aicc/Compiler/Codegen.h"
#include "aicc/runtime/DType.h"
#include "aicc/runtime/Error.h"
#include "aicc/runtime/KernelError.h"
#include "aicc/runtime/MemRef.h"

#include "llvm/Support/TargetSelect.h"

#include <cstdlib>

using namespace llvm;

namespace aicc {

static std::string specOf(const rt::Tensor &t) {
  TensorSpec spec;
  spec.shape = t.shape();
  spec.elementType = std::string(rt::dtypeName(t.dtype()));
  return spec.str();
}

Error checkTensor(const rt::Tensor &tensor, const TensorSpec &spec,
                  StringRef what) {
  if (tensor.shape() != spec.shape ||
      rt::dtypeName(tensor.dtype()) != spec.elementType)
    return createStringError(inconvertibleErrorCode(),
                             what + ": expected " + spec.str() + ", got " +
                                 specOf(tensor));
  return Error::success();
}

Expected<rt::Tensor> allocateTensor(const TensorSpec &spec) {
  auto dtype = rt::dtypeFromName(spec.elementType);
  if (!dtype)
    return createStringError(inconvertibleErrorCode(),
                             "unsupported element type " + spec.elementType +
                                 " in " + spec.str());
  try {
    return rt::Tensor(*dtype, spec.shape);
  } catch (const rt::Error &e) {
    // Too large for this machine: an error to report, not an exception that
    // escapes through llvm::Expected's callers.
    return createStringError(inconvertibleErrorCode(), e.what());
  }
}

Expected<std::unique_ptr<JitModule>>
JitModule::create(mlir::ModuleOp module, std::vector<EntryPoint> entries,
                  unsigned optLevel) {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  // The JIT runs exactly what `--emit=llvm-ir` shows: the same translation
  // and the same O3 pipeline for the host target (without the target, the
  // loop vectorizer has no vector registers to cost and leaves elementwise
  // loops scalar).
  auto targetMachine = createHostTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  std::string translateError;
  auto buildModule =
      [&](mlir::Operation *op,
          LLVMContext &context) -> std::unique_ptr<llvm::Module> {
    auto llvmModule = translateToLLVMIR(cast<mlir::ModuleOp>(op), context,
                                        **targetMachine, optLevel);
    if (!llvmModule) {
      translateError = toString(llvmModule.takeError());
      return nullptr;
    }
    return std::move(*llvmModule);
  };
  mlir::ExecutionEngineOptions options;
  options.llvmModuleBuilder = buildModule;
  options.jitCodeGenOptLevel = CodeGenOptLevel::Aggressive;
  // AICC_PERF=1: tell `perf` about JIT-ed functions (perf record -k 1,
  // perf inject --jit), so profiles name the kernels.
  if (const char *perf = std::getenv("AICC_PERF"))
    options.enablePerfNotificationListener = perf[0] == '1';
  auto engine = mlir::ExecutionEngine::create(module, options);
  if (!engine) {
    if (translateError.empty())
      return engine.takeError();
    consumeError(engine.takeError());
    return createStringError(inconvertibleErrorCode(), translateError);
  }
  std::vector<PackedFn> functions;
  for (const EntryPoint &entry : entries) {
    auto fn = (*engine)->lookupPacked("_mlir_ciface_" + entry.name);
    if (!fn)
      return fn.takeError();
    functions.push_back(*fn);
  }
  return std::unique_ptr<JitModule>(
      new JitModule(std::move(*targetMachine), std::move(*engine),
                    std::move(entries), std::move(functions)));
}

const EntryPoint *JitModule::lookup(StringRef name) const {
  return findEntryPoint(entries, name);
}

Error JitModule::invoke(StringRef name, ArrayRef<const rt::Tensor *> inputs,
                        ArrayRef<rt::Tensor *> outputs) {
  const EntryPoint *entry = lookup(name);
  if (!entry) {
    return createStringError(
        inconvertibleErrorCode(),
        "no entry point named '" + name +
            "' (the module has: " + entryPointNames(entries) + ")");
  }
  if (inputs.size() != entry->inputs.size())
    return createStringError(inconvertibleErrorCode(),
                             "'" + name + "' takes " +
                                 Twine(entry->inputs.size()) +
                                 " input(s), got " + Twine(inputs.size()));
  if (outputs.size() != entry->results.size())
    return createStringError(
        inconvertibleErrorCode(),
        "'" + name + "' returns " + Twine(entry->results.size()) +
            " result(s), got " + Twine(outputs.size()) + " output buffer(s)");
  for (auto [i, t] : llvm::enumerate(inputs))
    if (!t)
      return createStringError(inconvertibleErrorCode(),
                               "'" + name + "': input #" + Twine(i) +
                                   " is a null pointer");
  for (auto [i, t] : llvm::enumerate(outputs))
    if (!t)
      return createStringError(inconvertibleErrorCode(),
                               "'" + name + "': output buffer #" + Twine(i) +
                                   " is a null pointer");
  for (auto [i, t] : llvm::enumerate(inputs))
    if (Error err =
            checkTensor(*t, entry->inputs[i], "input #" + Twine(i).str()))
      return err;
  for (auto [i, t] : llvm::enumerate(outputs))
    if (Error err =
            checkTensor(*t, entry->results[i], "result #" + Twine(i).str()))
      return err;

  // The C interface takes one descriptor pointer per input, then per result.
  std::vector<rt::MemRefDescriptor> descriptors;
  descriptors.reserve(inputs.size() + outputs.size());
  for (const rt::Tensor *t : inputs)
    descriptors.emplace_back(const_cast<rt::Tensor &>(*t));
  for (rt::Tensor *t : outputs)
    descriptors.emplace_back(*t);
  std::vector<void *> pointers;
  for (rt::MemRefDescriptor &d : descriptors)
    pointers.push_back(d.get());
  std::vector<void *> args;
  for (void *&p : pointers)
    args.push_back(&p);
  // An error left by an earlier call must not be blamed on this one.
  (void)rt::takeKernelError();
  bool finished = rt::callCompiled(functions[entry - entries.data()],
                                   args.data());
  std::optional<std::string> error = rt::takeKernelError();
  if (!finished && !error)
    error = "stopped by an error in compiled code";
  if (error)
    return createStringError(inconvertibleErrorCode(),
                             "'" + name + "': " + *error);
  return Error::success();
}

Expected<std::vector<rt::Tensor>>
JitModule::run(StringRef name, ArrayRef<const rt::Tensor *> inputs) {
  const EntryPoint *entry = lookup(name);
  std::vector<rt::Tensor> results;
  std::vector<rt::Tensor *> outputs;
  if (entry) {
    results.reserve(entry->results.size());
    for (const TensorSpec &spec : entry->results) {
      auto t = allocateTensor(spec);
      if (!t)
        return t.takeError();
      results.push_back(std::move(*t));
    }
    for (rt::Tensor &t : results)
      outputs.push_back(&t);
  }
  if (Error err = invoke(name, inputs, outputs))
    return std::move(err);
  return results;
}

} // namespace aicc
