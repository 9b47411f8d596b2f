"""Closed lists from domain.md: every enumeration a form or service accepts."""

STRANDS = {"neighbourhood": "Neighbourhood", "local_investigation": "Local Investigation",
           "public_protection": "Public Protection", "custody": "Custody", "other": "Other"}
AT_RISK_AS = {"victim": "Victim", "perpetrator": "Perpetrator", "both": "Both"}
VULNERABILITIES = {
    "mental_health": "Mental health", "self_harm": "Self-harm",
    "slcn": "Speech, language or communication needs", "substance_misuse": "Substance misuse",
    "neurodivergence": "Learning disability, autism or ADHD", "trauma": "Trauma",
    "housing": "Housing", "finance": "Finance or debt",
}
EXPLOITATION_INDICATORS = {
    "missing_episodes": "Missing episodes",
    "unexplained_money": "Unexplained money or phones",
    "gang_association": "Associating with gang-involved adults or peers",
    "drug_debt": "Drug debt",
}
RISK_LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}
PRIORITIES = {1: "Urgent", 2: "Soon", 3: "Routine"}
DECLINE_REASONS = {
    "outside_age_band": "Outside the programme's age band",
    "no_consent": "Consent not confirmed",
    "already_supported": "Already supported elsewhere",
    "not_at_risk": "No risk of serious violence identified",
    "other": "Other",
}
NFA_REASONS = {
    "could_not_contact": "Could not contact the young person",
    "declined_support": "Young person declined support",
    "moved_away": "Moved out of London",
    "other": "Other",
}
HANDOFF_DECLINE_REASONS = {
    "no_capacity": "No capacity", "not_suitable": "Not suitable for our service",
    "outside_area": "Outside our area", "other": "Other",
}
CONTACT_KINDS = {"one_to_one": "1-to-1", "group": "Group session", "phone": "Phone call",
                 "no_show": "Did not attend"}
# A contact's method, whether it happened, and which kind of worker had it.
CONTACT_METHODS = {"in_person": "In person", "phone": "Phone", "video": "Video call",
                   "message": "Message"}
CONTACT_ATTENDANCE = {"attended": "Attended", "did_not_attend": "Did not attend",
                      "cancelled": "Cancelled"}
CONTACT_WORKERS = {"coordinator": "Coordinator", "custody_worker": "Custody worker",
                   "partner": "Partner youth worker"}
NEEDS = {"accommodation": "Accommodation", "ete": "Education, training or employment",
         "send": "Special educational needs", "mental_health": "Mental health",
         "substance_misuse": "Substance misuse"}
ETE_OUTCOMES = {"education": "Education", "training": "Training",
                "apprenticeship": "Apprenticeship", "employment": "Employment",
                "none": "None yet"}
CLOSURE_REASONS = {
    "goals_met": "Plan goals met", "disengaged": "Young person stopped engaging",
    "moved_away": "Moved away", "referred_elsewhere": "Referred to another service",
    "custody": "Entered custody", "other": "Other",
}
# Not offered on the close form: only an erased young person's case closes this way.
ERASED_CLOSURE = {"erased": "Young person's details erased"}
LAWFUL_BASES = {
    "art6_1e_sch1_para18": "UK GDPR Article 6(1)(e) with DPA 2018 Schedule 1 paragraph 18 "
                           "(safeguarding of children and individuals at risk)",
    # For a charity or partner not exercising official authority, legitimate interests applies.
    "art6_1f_sch1_para18": "UK GDPR Article 6(1)(f) legitimate interests with DPA 2018 "
                           "Schedule 1 paragraph 18 (safeguarding of children and individuals "
                           "at risk)",
    "art6_1e_sch1_para6": "UK GDPR Article 6(1)(e) with DPA 2018 Schedule 1 paragraph 6 "
                          "(statutory and government purposes)",
    "art6_1d_art9_2c": "UK GDPR Article 6(1)(d) and Article 9(2)(c) (vital interests, where "
                       "the young person cannot give consent)",
}
