"""Organisations of the care ecosystem as Mesa agents (GPs, teams, facilities, providers)."""

from agents.access_team import AccessTeam
from agents.general_facility import FACILITY_TYPES, GeneralFacility
from agents.gp_practice import GPPractice
from agents.municipality import Municipality
from agents.provider import FUNDING_EFFECTS, Provider

__all__ = [
    "FACILITY_TYPES",
    "FUNDING_EFFECTS",
    "AccessTeam",
    "GPPractice",
    "GeneralFacility",
    "Municipality",
    "Provider",
]
