"""The state each snippet starts from: what a new process seeded with ``SEED`` would have.

Keras's public resets, ``keras.backend.clear_session()`` and ``keras.utils.set_random_seed()``,
both clear TensorFlow's kernel cache, and every snippet then rebuilds the kernels of every op
it runs: measured here, 0.8 s of the article's 4.0 s of snippet time, paid again per snippet.
The cache only holds state for TensorFlow's *stateful* random ops; Keras 3 draws its random
numbers with stateless ops seeded by its own ``SeedGenerator``, and its dataset utilities
derive explicit seeds from NumPy. So a snippet that does not use TensorFlow itself gets the
same fresh state without clearing the cache: new Keras global state (layer names restart at
``conv2d``), and Python, NumPy, Keras and TensorFlow seeds. The full public reset runs before a
snippet whose source mentions ``tensorflow`` and after one that held any TensorFlow module or
function (directly or through a helper module; the runner looks). If Keras or TensorFlow move
the internals used here, the full reset is used for every snippet: slower, never less isolated.
On the other backends (``DOCCHECK_BACKEND``), which have no such cache, the full reset always runs.

Global settings a snippet may change are put back too: Keras's ``floatx``, ``epsilon`` and
``image_data_format``, NumPy's print options and floating-point error handling.
"""

from __future__ import annotations

import random
import threading
from types import ModuleType
from typing import Any

_SETTINGS: dict[str, Any] = {}


def remember_settings(keras: ModuleType) -> None:
    """Note Keras's and NumPy's global settings as they are right after the import."""
    import numpy as np

    _SETTINGS.update(
        keras=keras,
        floatx=keras.config.floatx(),
        epsilon=keras.config.epsilon(),
        image_data_format=keras.config.image_data_format(),
        printoptions=np.get_printoptions(),
        errors=np.geterr(),
    )


def restore_settings() -> None:
    """Put the remembered settings back, whatever the previous snippet set."""
    if not _SETTINGS:
        return
    import numpy as np

    keras = _SETTINGS["keras"]
    keras.config.set_floatx(_SETTINGS["floatx"])
    keras.config.set_epsilon(_SETTINGS["epsilon"])
    keras.config.set_image_data_format(_SETTINGS["image_data_format"])
    np.set_printoptions(**_SETTINGS["printoptions"])
    np.seterr(**_SETTINGS["errors"])


def reset(keras: ModuleType, source: str, seed: int, full: bool = False) -> None:
    """Reset global state and seeds before running a snippet whose text is ``source``.

    ``full``: the previous snippet used TensorFlow itself, so its caches are cleared too.
    """
    light = keras.backend.backend() == "tensorflow" and not full and "tensorflow" not in source
    if not (light and _light_reset(seed)):
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
