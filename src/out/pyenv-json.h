/* The "python_envs" member of `status --json`: each Python environment
 * found (probe/pyenv.h) and the GPU frameworks in it. Keys are stable. */
#ifndef HEADROOM_PYENV_JSON_H
#define HEADROOM_PYENV_JSON_H

#include "out/json.h"
#include "probe/pyenv.h"

/*   "python_envs": {"envs": [{"kind": "venv", "prefix": "/home/alex/.venv",
 *     "site_packages": "...", "python": "python3.11", "active": false,
 *     "torch": {"version": "2.5.0+cu124", "cuda": "12.4", "rocm": false} or null,
 *     "torch_error": null or why torch/version.py could not be read,
 *     "torchvision": bool, "torchaudio": bool,
 *     "onnxruntime": {"package": "onnxruntime_gpu", "version": "1.20.1",
 *                     "cuda_provider": true, "packages_installed": 1} or null,
 *     "tensorflow": {"version": "2.18.0" or null} or null}],
 *   "truncated": false} */
void pyenv_json(struct json *j, const struct pyenv_list *l);

#endif
