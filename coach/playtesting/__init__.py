"""Playbook test files (`coach playbooks test`): scripted cases played through the real engine,
and the coverage of steps and replies they reach.

Above the conversation, whose engine it drives, and below the commands.
"""
