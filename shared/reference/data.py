"""The reference data in domain.md, as loaded into a fresh database."""

# (code, name, boroughs), from the MPS BCU table in domain.md.
BCUS = [
    ("NA", "North Area", ["Enfield", "Haringey"]),
    ("CN", "Central North", ["Camden", "Islington"]),
    ("EA", "East Area", ["Barking and Dagenham", "Havering", "Redbridge"]),
    ("SN", "South Area", ["Bromley", "Croydon", "Sutton"]),
    ("AS", "Central South", ["Southwark", "Lambeth"]),
    ("SE", "South East", ["Lewisham", "Greenwich", "Bexley"]),
    ("NW", "North West", ["Barnet", "Brent", "Harrow"]),
    ("NE", "North East", ["Newham", "Waltham Forest"]),
    ("CE", "Central East", ["Hackney", "Tower Hamlets"]),
    ("SW", "South West", ["Richmond", "Kingston", "Merton", "Wandsworth"]),
    ("WA", "West Area", ["Hillingdon", "Ealing", "Hounslow"]),
    ("AW", "Central West", ["Westminster", "Kensington and Chelsea", "Hammersmith and Fulham"]),
]

# Custody suite -> BCU code (public list, about 2019; editable reference data).
CUSTODY_SUITES = {
    "CN": ["Holborn", "Kentish Town", "Islington"],
    "CE": ["Stoke Newington", "Bethnal Green"],
    "AS": ["Brixton", "Walworth Road", "Peckham"],
    "AW": ["West End Central", "Belgravia", "Charing Cross"],
    "NA": ["Edmonton", "Wood Green"],
    "NE": ["Forest Gate", "Leyton"],
    "NW": ["Colindale", "Wembley", "Harrow"],
    "EA": ["Romford", "Ilford", "Barking"],
    "SE": ["Lewisham", "Plumstead"],
    "SN": ["Croydon", "Bromley", "Sutton"],
    "SW": ["Kingston", "Wandsworth"],
    "WA": ["Acton", "Heathrow", "Hounslow"],
}

# (code, name, kind). The DIVERT operator is the charity that runs triage; partners take
# hand-offs; the police, ENGAGE local-authority service and the VRU hold staff accounts.
ORGANISATIONS = [
    ("DIVERT", "DIVERT team (programme operator)", "operator"),
    ("AITC", "Arsenal in the Community", "partner"),
    ("ENGCAM", "ENGAGE Camden", "partner"),
    ("MPS", "Metropolitan Police Service", "police"),
    ("ENGAGE", "ENGAGE custody youth work service", "local_authority"),
    ("VRU", "London Violence Reduction Unit", "vru"),
]
