"""Runs an `aicc train` command, sends it SIGINT 30 ms after its first epoch
line appears (training is then under way, usually in the middle of epoch 2),
and checks that it stops with status 130.

usage: interrupt.py LOG COMMAND...
"""
import signal
import subprocess
import sys
import time

log = open(sys.argv[1], "w")
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True)
for line in proc.stdout:
    log.write(line)
    if line.startswith("epoch="):
        time.sleep(0.03)
        proc.send_signal(signal.SIGINT)
        break
rest, err = proc.communicate()
log.write(rest)
log.write(err)
assert proc.returncode == 130, (proc.returncode, err)
print(err.strip())
