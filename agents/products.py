"""The tailored services (maatwerkvoorzieningen) the model knows, and their domains."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class Product(IntEnum):
    """Tailored products; the value is the bit in ``Residents.services``."""

    HH = 0  # hulp bij het huishouden (housekeeping help)
    SUPPORT = 1  # begeleiding individueel (individual support)
    DAYCARE = 2  # dagbesteding (indicated day care)
    AIDS = 3  # hulpmiddelen en woonvoorzieningen (aids and home adaptations)
    YOUTH_AMBULANT = 4  # ambulante jeugdhulp
    YOUTH_GGZ = 5  # jeugd-GGZ (youth mental health)
    YOUTH_RESIDENTIAL = 6  # jeugdhulp met verblijf


@dataclass(frozen=True)
class ProductInfo:
    """Static facts about a product: its domain, billing unit and tariff parameter."""

    product: Product
    domain: str  # "wmo" or "youth"
    unit: str  # what `units` counts per week (or per month for monthly tariffs)
    tariff_param: str
    monthly_tariff: bool  # True: tariff per client-month; False: per unit, units per week
    key: str  # short name in parameter and column names

    @property
    def places_param(self) -> str:
        """The registry parameter with contracted places per 1,000 residents."""
        return f"providers.places_{self.key}_per_1000"


PRODUCTS: dict[Product, ProductInfo] = {
    Product.HH: ProductInfo(
        Product.HH, "wmo", "hours/week", "providers.hh_tariff_eur_hour", False, "hh"
    ),
    Product.SUPPORT: ProductInfo(
        Product.SUPPORT, "wmo", "hours/week", "providers.support_tariff_eur_hour", False, "support"
    ),
    Product.DAYCARE: ProductInfo(
        Product.DAYCARE,
        "wmo",
        "part-days/week",
        "providers.daycare_tariff_eur_partday",
        False,
        "daycare",
    ),
    Product.AIDS: ProductInfo(
        Product.AIDS, "wmo", "client-months", "providers.aids_eur_month", True, "aids"
    ),
    Product.YOUTH_AMBULANT: ProductInfo(
        Product.YOUTH_AMBULANT,
        "youth",
        "client-months",
        "providers.youth_ambulant_eur_month",
        True,
        "youth_ambulant",
    ),
    Product.YOUTH_GGZ: ProductInfo(
        Product.YOUTH_GGZ,
        "youth",
        "client-months",
        "providers.youth_ggz_eur_month",
        True,
        "youth_ggz",
    ),
    Product.YOUTH_RESIDENTIAL: ProductInfo(
        Product.YOUTH_RESIDENTIAL,
        "youth",
        "client-months",
        "providers.youth_residential_eur_month",
        True,
        "youth_residential",
    ),
}

WMO_PRODUCTS = tuple(p for p, info in PRODUCTS.items() if info.domain == "wmo")
YOUTH_PRODUCTS = tuple(p for p, info in PRODUCTS.items() if info.domain == "youth")
YOUTH_MASK = sum(1 << p for p in YOUTH_PRODUCTS)
WMO_MASK = sum(1 << p for p in WMO_PRODUCTS)
WEEKS_PER_MONTH = 52.0 / 12.0


class Referrer(IntEnum):
    """Who started a youth trajectory (CBS StatLine 85097NED categories)."""

    GP = 0
    ACCESS = 1
    NONE = 2
    GI = 3  # gecertificeerde instelling (youth protection)
    SPECIALIST = 4  # medical specialist or youth doctor
