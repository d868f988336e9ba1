"""The state each snippet starts from: what a new process seeded with ``SEED`` would have.

Keras's public resets, ``keras.backend.clear_session()`` and ``keras.utils.set_random_seed()``,
both clear TensorFlow's kernel cache, and every snippet then rebuilds the kernels of every op
it runs: measured here, 0.8 s of the article's 4.0 s of snippet time, paid again per snippet.
The cache only holds state for TensorFlow's *stateful* random ops; Keras 3 draws its random
numbers with stateless ops seeded by its own ``SeedGenerator``, and its dataset utilities
derive explicit seeds from NumPy. So a snippet that does not use TensorFlow itself gets the
same fresh state without clearing the cache: new Keras global state (layer names restart at
``conv2d``), and Python, NumPy, Keras and TensorFlow seeds. A snippet whose source mentions
``tensorflow`` gets the full public reset. If Keras or TensorFlow move the internals used
here, the full reset is used for every snippet: slower, never less isolated.
"""

from __future__ import annotations

import random
import threading
from types import ModuleType


def reset(keras: ModuleType, source: str, seed: int) -> None:
    """Reset global state and seeds before running a snippet whose text is ``source``."""
    if "tensorflow" in source or not _light_reset(seed):
        # free_memory=False skips a gc.collect() over TensorFlow's ~300,000 objects (0.1 s).
        keras.backend.clear_session(free_memory=False)
        keras.utils.set_random_seed(seed)


def _light_reset(seed: int) -> bool:
    """``clear_session`` and ``set_random_seed`` minus the kernel cache; False if unavailable."""
    try:
        import numpy as np
        from keras.src.backend.common import global_state
        from keras.src.utils.rng_utils import GLOBAL_RANDOM_SEED
        from tensorflow.python.eager import context
    except ImportError:
        return False
    eager = context.context()
    trackers = ("GLOBAL_STATE_TRACKER", "GLOBAL_SETTINGS_TRACKER")
    if not all(hasattr(global_state, t) for t in trackers) or not hasattr(eager, "_rng"):
        return False
    for tracker in trackers:  # what clear_session() replaces: names, the SeedGenerator, ...
        setattr(global_state, tracker, threading.local())
    global_state.set_global_attribute(GLOBAL_RANDOM_SEED, seed)
    random.seed(seed)
    np.random.seed(seed)
    # tf.random.set_seed() without its cache clearing: the global seed and op-seed sequence.
    eager._seed = seed
    eager._rng = random.Random(seed)
    return True
