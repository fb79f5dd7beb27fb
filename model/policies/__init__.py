"""Policies (levers) and external scenarios, all with the same hooks (see base.py)."""

from model.policies.base import Policy
from model.policies.external import Ageing, CovidShock, StaffShortage, TariffGrowth
from model.policies.front_door import HhNormFramework, PohGgz, YouthDemarcation
from model.policies.levers import (
    CaseManagement,
    Contribution,
    DaycareGeneral,
    EarlierWlz,
    FourEyes,
    FundingModel,
    IndicationLength,
    IntegratedFamilies,
    OwnLightSupport,
    ReassessmentDrive,
    StopStacking,
    Voorveld,
)

CATALOGUE: dict[str, type[Policy]] = {
    cls.name: cls
    for cls in (
        PohGgz,
        HhNormFramework,
        YouthDemarcation,
        DaycareGeneral,
        OwnLightSupport,
        CaseManagement,
        ReassessmentDrive,
        IndicationLength,
        StopStacking,
        FourEyes,
        FundingModel,
        IntegratedFamilies,
        Voorveld,
        EarlierWlz,
        Contribution,
        Ageing,
        CovidShock,
        TariffGrowth,
        StaffShortage,
    )
}
LEVERS = {name: cls for name, cls in CATALOGUE.items() if getattr(cls, "kind", "lever") == "lever"}
EXTERNALS = {name: cls for name, cls in CATALOGUE.items() if name not in LEVERS}

__all__ = ["CATALOGUE", "EXTERNALS", "LEVERS", "Policy"]
