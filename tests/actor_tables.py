"""A small actor table written for the actor tests (tests/test_actors_*.py): persons,
governments, agencies, legislatures, cartels, countries and places whose aliases overlap
("Trump" / "Trump administration", "Mexico" / "Mexico City" / "New Mexico")."""

import io

import pandas as pd

TABLE_CSV = """actor,kind,country,aliases
Donald Trump,person,US,Trump|Donald J. Trump
Donald Trump Jr.,person,US,Trump Jr.|Don Jr.
Trump administration,government,US,administración Trump|gobierno de Trump|US government|\
U.S. government
White House,government,US,Casa Blanca|Oval Office
Pentagon,agency,US,Pentágono|Department of War|Department of Defense|DoD
United States,country,US,US|U.S.|USA|Estados Unidos|EE.UU.|EEUU|EE. UU.
US Senate,legislature,US,Senate|U.S. Senate|Senado de Estados Unidos
Mexican Senate,legislature,MX,Mexico's Senate|Senado de la República|Senado mexicano
Mexico,country,MX,México|Estados Unidos Mexicanos
Mexico City,place,MX,Ciudad de México|CDMX
New Mexico,place,US,Nuevo México
Gulf of Mexico,place,INT,Gulf of America|Golfo de México|Golfo de América
Gulf Cartel,cartel,MX,Cártel del Golfo|CDG
Jalisco New Generation Cartel,cartel,MX,CJNG|Cártel de Jalisco Nueva Generación|Jalisco Cartel
MS-13,cartel,SV,MS13|Mara Salvatrucha
Claudia Sheinbaum,person,MX,Sheinbaum
Andrés Manuel López Obrador,person,MX,AMLO|López Obrador
Nicolás Maduro,person,VE,Maduro
Venezuelan government,government,VE,Maduro government|gobierno de Maduro
DEA,agency,US,Drug Enforcement Administration
CIA,agency,US,Central Intelligence Agency
Secretaría de Relaciones Exteriores,agency,MX,SRE|Mexico's foreign ministry|cancillería mexicana
Fiscalía General de la República,agency,MX,FGR
SEMAR,military,MX,Semar|Mexican Navy|Secretaría de Marina
Pete Hegseth,person,US,Hegseth|Secretary of War|jefe del Pentágono
Washington,place,US,"Washington, D.C."
Washington Post,place,US,
"""

SRE = "Secretaría de Relaciones Exteriores"
FGR = "Fiscalía General de la República"
AMLO = "Andrés Manuel López Obrador"
CJNG = "Jalisco New Generation Cartel"


def table_frame():
    """TABLE_CSV as the DataFrame the verbs take."""
    return pd.read_csv(io.StringIO(TABLE_CSV), dtype=str, keep_default_na=False)


def actors_in(matcher, text) -> set:
    """The actors a matcher finds in a text."""
    return {m.actor for m in matcher.find(text)}
