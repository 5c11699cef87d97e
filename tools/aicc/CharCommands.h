//===- CharCommands.h - the character models in the driver ------*- C++ -*-===//

#ifndef AICC_TOOLS_AICC_CHARCOMMANDS_H
#define AICC_TOOLS_AICC_CHARCOMMANDS_H

#include "Commands.h"

#include <string>

namespace aicc::driver {

/// char-lstm, char-rnn or char-gru.
bool isCharModel(const std::string &name);

/// `aicc train char-*`: step-based training on a text corpus.
int trainCharModel(TrainCommand &command);

/// `aicc eval char-*`: the validation bits per character of a checkpoint.
int evalCharModel(EvalCommand &command);

/// `aicc sample char-*`: text generated in one compiled call.
int sampleCharModel(SampleCommand &command);

} // namespace aicc::driver

#endif // AICC_TOOLS_AICC_CHARCOMMANDS_H
