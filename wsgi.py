from school_plans import create_app

app = create_app()
