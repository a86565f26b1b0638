"""Negotiation forecasting: scenarios, bargaining models, Monte Carlo and plots."""

from rashomon.forecast.models import (
    BDMModel,
    BDMParams,
    CompromiseModel,
    ExchangeModel,
    Forecast,
    IssueInput,
    Model,
    NashBargainingModel,
    Offer,
    PenroseCompromiseModel,
    ProceduralCompromiseModel,
    ReferencePointModel,
    RelativeSalienceModel,
    ShrinkageModel,
    WeightedMedianModel,
    get_model,
)
from rashomon.forecast.montecarlo import OutcomeDistribution, run_monte_carlo
from rashomon.forecast.scenario import Scenario, ScenarioError, load_ktab_csv, load_scenario, parse_scenario

__all__ = [
    "BDMModel",
    "BDMParams",
    "CompromiseModel",
    "ExchangeModel",
    "Forecast",
    "IssueInput",
    "Model",
    "NashBargainingModel",
    "Offer",
    "OutcomeDistribution",
    "PenroseCompromiseModel",
    "ProceduralCompromiseModel",
    "ReferencePointModel",
    "RelativeSalienceModel",
    "Scenario",
    "ScenarioError",
    "ShrinkageModel",
    "WeightedMedianModel",
    "get_model",
    "load_ktab_csv",
    "load_scenario",
    "parse_scenario",
    "run_monte_carlo",
]
