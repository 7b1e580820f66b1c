"""Every study file shipped in analysis/studies is valid for its program (when built)."""
import pytest

from conftest import ROOT

STUDIES = sorted((ROOT / "analysis" / "studies").glob("*.toml"))


@pytest.mark.parametrize("path", STUDIES, ids=[p.stem for p in STUDIES])
def test_shipped_study_is_valid(path, bin_dir):
    from analysis import Scenario, Study
    study = Study.load(path)
    if not (bin_dir / study.scenario).exists():
        pytest.skip(f"{study.scenario} is not built yet")
    scenario = Scenario(study.scenario, bin_dir)
    runs = study.runs(scenario)
    assert runs and len({r.key for r in runs}) == len(runs)
    assert study.name == path.stem


def test_default_study_compares_every_policy(bin_dir):
    from analysis import Scenario, Study
    study = Study.load(ROOT / "analysis" / "studies" / "default.toml")
    scenario = Scenario(study.scenario, bin_dir)
    grid = study.grid_values(scenario)
    assert grid["policy"] == scenario.choices("policy")
    assert len(grid["instances"]) >= 2 and len(study.rng_runs) >= 3
