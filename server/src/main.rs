//! `vismonjob`: serve the site, migrate the database, seed the demo edition.

#![recursion_limit = "256"]

use app::db::Db;
use app::matching::{self, Algorithm, Instance};
use app::seed::demo::{self, DemoSize};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;
use vismonjob::Config;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Vis mon job – la plateforme de l'opération d'immersion dans les métiers du numérique de l'État.
///
/// Configuration par variables d'environnement : DATABASE_URL (par défaut
/// sqlite:data/vismonjob.db, créée si absente ; postgres://… pour PostgreSQL),
/// LEPTOS_SITE_ADDR (par défaut 127.0.0.1:3000), LEPTOS_SITE_ROOT (par défaut
/// target/site), PUBLIC_URL (adresse publique, pour les liens des courriels), SMTP_URL
/// (sans elle, les courriels sont écrits dans OUTBOX_DIR, par défaut data/outbox),
/// MAIL_FROM, AMBASSADOR_EMAIL_DOMAINS (domaines des comptes ambassadeurs),
/// SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, RATE_LIMIT_*, RUST_LOG (par défaut info).
/// Voir le README.
#[derive(Parser)]
#[command(name = "vismonjob", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Migre la base puis sert le site (commande par défaut).
    Serve,
    /// Applique les migrations et charge les données de référence (communes, métiers, administrations).
    Migrate,
    /// Migre puis crée l'édition de démonstration si la base ne contient aucune édition.
    Seed {
        /// Nombre d'ambassadeurs (une offre publiée chacun).
        #[arg(long, default_value_t = 80)]
        ambassadors: usize,
        /// Nombre d'étudiants.
        #[arg(long, default_value_t = 300)]
        students: usize,
    },
    /// Gère les comptes.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Anonymise les données personnelles des éditions terminées dont la journée
    /// d'immersion date de plus que leur durée de conservation (réglage de chaque
    /// édition, un an par défaut), et d'elles seules. Le serveur le fait chaque jour ; --dry-run montre les chiffres
    /// sans rien changer.
    Purge {
        #[arg(long)]
        dry_run: bool,
    },
    /// Forme les binômes d'une instance JSON (voir docs/matching.md), sans base de données.
    Match {
        /// stable (acceptation différée) ou optimal (le plus de binômes, puis le meilleur score).
        #[arg(long)]
        algorithm: Algorithm,
        /// Fichier de l'instance JSON.
        #[arg(long)]
        input: PathBuf,
        /// Fichier du résultat JSON (par défaut : sortie standard).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Crée (ou met à jour) un compte organisateur vérifié. Le mot de passe est lu sur
    /// l'entrée standard (sans écho dans un terminal).
    Create {
        /// Seul le rôle organiser (organisateur) se crée ici : les autres s'inscrivent sur le site.
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Équipe")]
        first_name: String,
        #[arg(long, default_value = "Organisation")]
        last_name: String,
    },
    /// Retire la double authentification d'un organisateur qui n'a plus ni son
    /// application ni ses codes de secours, et ferme ses sessions : il en configurera une
    /// nouvelle à sa prochaine connexion.
    ResetSecondFactor {
        #[arg(long)]
        email: String,
    },
}

/// The password typed at a terminal prompt without echo, or the first line of a pipe.
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Mot de passe (12 caractères au moins) : ")
            .map_err(|e| e.to_string())
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| format!("lecture du mot de passe : {e}"))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn create_user(
    role: &str,
    email: &str,
    first_name: &str,
    last_name: &str,
) -> Result<(), String> {
    use app::domain::account::{person_name, Email, NewPassword};
    if !matches!(role, "organiser" | "organisateur") {
        return Err(format!(
            "rôle « {role} » : seuls les comptes organisateur (--role organiser) se créent ici ; les étudiants et ambassadeurs s'inscrivent sur le site"
        ));
    }
    let email = Email::parse(email)?;
    let first_name = person_name(first_name, "le prénom")?;
    let last_name = person_name(last_name, "le nom")?;
    let password = NewPassword::parse(&read_password()?)?;
    let db = migrated_db(&Config::from_env()?).await?;
    let hash = app::security::passwords::hash_password(password.expose().to_string())
        .await
        .map_err(|e| e.to_string())?;
    let id =
        app::db::accounts::upsert_organiser(&db, email.as_str(), &first_name, &last_name, &hash)
            .await
            .map_err(|e| e.to_string())?;
    println!("Compte organisateur {} prêt (n° {id}).", email.as_str());
    Ok(())
}

async fn reset_second_factor(email: &str) -> Result<(), String> {
    let email = app::domain::account::Email::parse(email)?;
    let db = migrated_db(&Config::from_env()?).await?;
    let account = app::db::accounts::credentials(&db, email.as_str())
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("aucun compte pour {}", email.as_str()))?;
    let removed = app::db::second_factors::forget(&db, account.id)
        .await
        .map_err(|e| e.to_string())?;
    if removed {
        println!(
            "Double authentification de {} retirée, sessions fermées : une nouvelle sera configurée à la prochaine connexion.",
            email.as_str()
        );
    } else {
        println!("{} n'avait pas de double authentification.", email.as_str());
    }
    Ok(())
}

fn main() -> ExitCode {
    // Two worker threads at least, even on a one-core machine: on a single worker, a
    // streamed page's render may never finish (Leptos's server rendering).
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run_cli()),
        Err(error) => {
            eprintln!("erreur : {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run_cli() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("erreur : {message}");
            ExitCode::FAILURE
        }
    }
}

async fn migrated_db(config: &Config) -> Result<Db, String> {
    let db = Db::connect(&config.database_url)
        .await
        .map_err(|e| e.to_string())?;
    app::db::migrate_and_load_reference(&db)
        .await
        .map_err(|e| e.to_string())?;
    Ok(db)
}

/// Reads an instance, pairs it, writes the result: pure computation, no database.
fn match_instance(algorithm: Algorithm, input: &Path, output: Option<&Path>) -> Result<(), String> {
    let text = std::fs::read_to_string(input)
        .map_err(|e| format!("lecture de {} : {e}", input.display()))?;
    let instance: Instance = serde_json::from_str(&text)
        .map_err(|e| format!("instance invalide ({}) : {e}", input.display()))?;
    let result =
        matching::run(&instance, algorithm).map_err(|e| format!("instance refusée : {e}"))?;
    let json = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?;
    match output {
        Some(path) => std::fs::write(path, json + "\n")
            .map_err(|e| format!("écriture de {} : {e}", path.display())),
        None => {
            println!("{json}");
            Ok(())
        }
    }
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        // Pairing an instance file needs neither configuration nor database.
        Command::Match {
            algorithm,
            input,
            output,
        } => {
            match_instance(algorithm, &input, output.as_deref())?;
        }
        Command::User {
            command:
                UserCommand::Create {
                    role,
                    email,
                    first_name,
                    last_name,
                },
        } => create_user(&role, &email, &first_name, &last_name).await?,
        Command::User {
            command: UserCommand::ResetSecondFactor { email },
        } => reset_second_factor(&email).await?,
        Command::Purge { dry_run } => {
            let db = migrated_db(&Config::from_env()?).await?;
            let purged = vismonjob::purge_personal_data(&db, dry_run).await?;
            let verb = if dry_run {
                "serait anonymisée"
            } else {
                "anonymisée"
            };
            if purged.is_empty() {
                println!("Aucune édition terminée dont la durée de conservation est passée.");
            }
            for edition in purged {
                println!(
                    "Édition « {} » (journée du {}) {verb} — comptes d'étudiants et d'ambassadeurs anonymisés : {} ; gardés (inscrits à une édition plus récente) : {} ; textes effacés : {}.",
                    edition.name,
                    edition.immersion_on,
                    edition.accounts_anonymised,
                    edition.accounts_kept,
                    edition.texts_emptied
                );
            }
            if dry_run {
                println!("Essai à blanc : rien n'a été modifié.");
            }
        }
        Command::Migrate => {
            migrated_db(&Config::from_env()?).await?;
            println!("Base migrée et données de référence chargées.");
        }
        Command::Seed {
            ambassadors,
            students,
        } => {
            let db = migrated_db(&Config::from_env()?).await?;
            let seeded = demo::seed(
                &db,
                DemoSize {
                    ambassadors,
                    students,
                },
            )
            .await
            .map_err(|e| e.to_string())?;
            if seeded {
                println!("Édition de démonstration créée : {ambassadors} ambassadeurs, {students} étudiants.");
            } else {
                println!("La base contient déjà une édition : rien à faire.");
            }
        }
        Command::Serve => {
            let config = Config::from_env()?;
            let db = migrated_db(&config).await?;
            let listener = tokio::net::TcpListener::bind(config.site_addr)
                .await
                .map_err(|e| format!("impossible d'écouter sur {} : {e}", config.site_addr))?;
            tracing::info!("Vis mon job sert http://{}", config.site_addr);
            vismonjob::serve(db, &config, listener, shutdown_signal()).await?;
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
