"""Help texts that tools parse (issue 14): SEM reads --help and --describeOptions, and a help text
with "[", "]" or "--" inside breaks its parsing of the option list."""
import json
import subprocess

import pytest


@pytest.mark.parametrize("program", ["sfc-stickiness", "sfc-failover", "sfc-owner",
                                     "sfc-insertion"])
def test_help_texts_have_no_brackets_or_dashes(bin_dir, program):
    out = subprocess.run([str(bin_dir / program), "--describeOptions"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    bad = {o["name"]: o["help"] for o in json.loads(out.stdout)["options"]
           if any(s in o["help"] for s in ("[", "]", "--"))}
    assert not bad, bad
