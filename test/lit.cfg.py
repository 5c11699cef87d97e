# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "AICC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "unit", "fuzz"]
# A miscompiled program can hang instead of crashing: no test may take more
# than 10 minutes (the slowest takes under a minute). Needs python3-psutil.
lit_config.maxIndividualTestTime = 600
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.aicc_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()

config.substitutions.append(("%aicc_src", config.aicc_src_root))
config.substitutions.append(("%aicc_obj", config.aicc_obj_root))
config.substitutions.append(("%python", config.python_executable))

tool_dirs = [config.aicc_tools_dir, config.llvm_tools_dir]
llvm_config.add_tool_substitutions(["aicc", "aicc-opt"], tool_dirs)
llvm_config.add_tool_substitutions(["not", "count"], [config.llvm_tools_dir])
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Tests that need Debian's dataset-fashion-mnist.
if os.path.exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")
# Tests that need Debian's fortunes (text for the sequence models).
if os.path.exists("/usr/share/games/fortunes/computers"):
    config.available_features.add("fortunes")
# The ASan + UBSan build (scripts/sanitize.sh): tests that cannot run under
# ASan say `UNSUPPORTED: asan` with their reason (docs/testing.md).
if config.aicc_sanitize:
    config.available_features.add("asan")
