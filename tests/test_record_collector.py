"""The model's data collector holds every month's record, as Mesa's own collector did.

``model.record_collector.RecordCollector`` skips Mesa's deep copies (issue 14); tools
that read ``model.datacollector`` (batch_run, SolaraViz, notebooks) must still see
every reporter's value of every month, the first month included.
"""

from __future__ import annotations

import mesa

from model.care_model import CareModel
from model.record_collector import last


def test_collector_frame_is_every_record_of_every_month() -> None:
    model = CareModel(residents=3_000, years=1, rng=4)
    model.run()
    collector = model.datacollector
    assert isinstance(collector, mesa.DataCollector), "the collector is no mesa DataCollector"
    frame = collector.get_model_vars_dataframe()
    assert len(frame) == 12, f"12 months should give 12 rows, got {len(frame)}"
    for var, field in collector.fields.items():
        want = [row[field] for row in model.records]
        assert frame[var].tolist() == want, f"{var}: the collector's months differ from records"
    assert collector.fields["population"] == "residents", "population reports the residents"


def test_a_plain_mesa_collector_with_the_same_reporters_collects_the_same() -> None:
    model = CareModel(residents=3_000, years=1, rng=4)
    plain = mesa.DataCollector(
        model_reporters={var: last(field) for var, field in model.datacollector.fields.items()}
    )
    for _ in range(3):
        model.step()
        plain.collect(model)
    ours = model.datacollector.get_model_vars_dataframe()
    theirs = plain.get_model_vars_dataframe()
    assert ours.equals(theirs), "the record collector's frame differs from Mesa's own"
