"""The competencies of the customer care specialist's role. Every scorecard criterion may name one, so
scores roll up into an agent's competency profile, and coaching and quizzes are organised by them.

The keys are a contract (stored in scorecard definitions); the labels are what people read.
"""
from __future__ import annotations

COMPETENCIES: dict[str, str] = {
    "communication": "Communication",
    "active_listening": "Active listening",
    "empathy": "Empathy",
    "problem_solving": "Problem solving",
    "product_process_knowledge": "Product and process knowledge",
    "compliance_verification": "Compliance and verification",
    "professionalism": "Professionalism",
    "efficiency_hold_handling": "Efficiency and hold handling",
    "ownership_follow_up": "Ownership and follow-up",
    "documentation": "Documentation",
}
