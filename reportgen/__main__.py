"""`python -m reportgen`: the same command as `reportgen`, for an environment whose scripts are not on the PATH."""

from reportgen.cli.commands import main

if __name__ == "__main__":
    main(prog_name="reportgen")
