"""Runs the steps of a composite GitHub Action (action.yml) as a hosted runner would, so a
script can exercise them without GitHub: each `run` step goes to `bash --noprofile --norc -e -o
pipefail` with its `env`, after `${{ inputs.* }}`, `${{ github.action_path }}`,
`${{ runner.temp }}` and `${{ steps.*.outputs.* }}` are substituted; `$GITHUB_PATH` and
`$GITHUB_OUTPUT` work as on GitHub. Stops at the first failing step, with its exit status.

usage: run_action.py ACTION_DIR RUNNER_TEMP OUTPUTS_JSON [NAME=VALUE ...]
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    action_dir, runner_temp, outputs_file = argv[1], argv[2], argv[3]
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    if action["runs"]["using"] != "composite":
        sys.exit("run_action.py: only composite actions")
    inputs = {name: spec.get("default", "") for name, spec in action.get("inputs", {}).items()}
    for pair in argv[4:]:
        name, _, value = pair.partition("=")
        if name not in inputs:
            sys.exit(f"run_action.py: the action has no input `{name}`")
        inputs[name] = value
    for name, spec in action.get("inputs", {}).items():
        if spec.get("required") and not inputs[name]:
            sys.exit(f"run_action.py: the required input `{name}` is not given")

    steps = {}
    path_prepend = []

    def evaluate(expression):
        parts = expression.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            return inputs[parts[1]]
        if expression == "github.action_path":
            return action_dir
        if expression == "runner.temp":
            return runner_temp
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return steps.get(parts[1], {}).get(parts[3], "")
        sys.exit(f"run_action.py: unsupported expression `{expression}`")

    def substitute(text):
        return EXPRESSION.sub(lambda m: evaluate(m.group(1)), str(text))

    status = 0
    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {index}")
        if "run" not in step or step.get("shell") != "bash":
            sys.exit(f"run_action.py: step `{name}` is not a bash `run` step")
        with tempfile.TemporaryDirectory(dir=runner_temp) as files:
            github_path = os.path.join(files, "path")
            github_output = os.path.join(files, "output")
            script = os.path.join(files, "step.sh")
            open(github_path, "w").close()
            open(github_output, "w").close()
            with open(script, "w", encoding="utf-8") as f:
                f.write(substitute(step["run"]))
            env = dict(os.environ)
            env["PATH"] = os.pathsep.join(path_prepend + [env.get("PATH", "")])
            env.update({"GITHUB_PATH": github_path, "GITHUB_OUTPUT": github_output,
                        "GITHUB_ACTION_PATH": action_dir, "RUNNER_TEMP": runner_temp})
            env.update({k: substitute(v) for k, v in step.get("env", {}).items()})
            print(f"run_action.py: step `{name}`", flush=True)
            status = subprocess.run(
                ["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script], env=env
            ).returncode
            with open(github_path, encoding="utf-8") as f:
                path_prepend = [line.strip() for line in f if line.strip()][::-1] + path_prepend
            outputs = {}
            with open(github_output, encoding="utf-8") as f:
                for line in f:
                    key, sep, value = line.rstrip("\n").partition("=")
                    if sep:
                        outputs[key] = value
            if "id" in step:
                steps[step["id"]] = outputs
        if status != 0:
            print(f"run_action.py: step `{name}` failed with exit status {status}", flush=True)
            break

    declared = {
        name: substitute(spec["value"]) for name, spec in action.get("outputs", {}).items()
    }
    with open(outputs_file, "w", encoding="utf-8") as f:
        json.dump(declared, f)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
