"""The bottom floor: residents' arrays and the organisations of the care ecosystem.

Residents live in numpy arrays (``residents``); GP practices, access teams, general
facilities, providers and the municipality are Mesa agents, each module holding the
agent class together with the collection that runs it. Nothing here imports the
simulation (``model``) above it.
"""

from agents.access_team import AccessTeam, AccessTeams, LightSupport
from agents.general_facility import FACILITY_TYPES, Facilities, GeneralFacility
from agents.gp_practice import GPPractice
from agents.municipality import Municipality
from agents.provider import FUNDING_EFFECTS, Provider, ServiceSystem

__all__ = [
    "FACILITY_TYPES",
    "FUNDING_EFFECTS",
    "AccessTeam",
    "AccessTeams",
    "Facilities",
    "GPPractice",
    "GeneralFacility",
    "LightSupport",
    "Municipality",
    "Provider",
    "ServiceSystem",
]
