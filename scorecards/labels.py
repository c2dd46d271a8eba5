"""What people read for the definition's keys (answer types, critical scopes, AutoQA rules and their
parameters), on the builder and the preview alike. A test checks they cover every key the definition knows."""

ANSWER_TYPE_LABELS = {"yes_no": "Yes / No", "yes_no_na": "Yes / No / N/A", "scale": "Scale",
                      "points": "Point options"}
CRITICAL_LABELS = {"section": "Fails its section", "form": "Fails the whole evaluation"}
RULE_LABELS = {"tag_present": "Yes when a tag is found", "tag_absent": "Yes when no tag is found",
               "hold_etiquette": "Hold etiquette", "verified_before_change": "Identity verified before a change",
               "metric_at_most": "A call metric at most", "metric_at_least": "A call metric at least"}
RULE_PARAMETER_LABELS = {"tags": "Tags", "change_tags": "Change tags (account changes)",
                         "first_agent_turns": "Only in the agent's first N turns",
                         "last_agent_turns": "Only in the agent's last N turns",
                         "max_hold_seconds": "Longest hold allowed (seconds)", "metric": "Metric", "value": "Value"}
