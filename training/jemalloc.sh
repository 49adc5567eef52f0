# Sourced by the training scripts: run PyTorch on jemalloc where the system has it (Debian: libjemalloc2).
# Under glibc's allocator every step gives its large buffers back to the system and faults them in again; on this
# project's 2-core virtual machines a training step took 5.3 s that way and 0.87 s on jemalloc keeping its pages
# (training/README.md, "Allocator"). The app's adaptation backend does the same (PythonBackend). PROXYPROMPT_JEMALLOC=off
# leaves the C library's allocator.
if [ "${PROXYPROMPT_JEMALLOC:-}" != "off" ]; then
  for _lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 \
              /usr/lib64/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
    if [ -f "$_lib" ]; then
      export LD_PRELOAD="$_lib${LD_PRELOAD:+:$LD_PRELOAD}"
      export MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}"
      break
    fi
  done
  unset _lib
fi
