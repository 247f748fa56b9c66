// Placeholder until the server lands (issue "Form backend").
process.stdout.write('Serveur pas encore disponible : voir le README.\n');
