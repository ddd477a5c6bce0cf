//! `hinder user`: the members file, managed from the shell.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use server::auth::{EndedSessions, Members, Role};

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
    /// The members file.
    #[arg(
        long,
        env = "HINDER_MEMBERS",
        default_value = "data/members.toml",
        global = true
    )]
    members: PathBuf,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a member; asks for the password (or reads one line from standard input).
    Add {
        name: String,
        /// `member` adds material and changes what they added; `editor` (the secretariat)
        /// also publishes, changes and withdraws anything, and restores.
        #[arg(long, default_value = "member")]
        role: Role,
    },
    /// Give a member another role: member or editor.
    Role { name: String, role: Role },
    /// Set a member's password; their sessions end.
    Passwd { name: String },
    /// Remove a member with their API tokens; their sessions end.
    Remove { name: String },
    /// List the members and their API tokens (ids and labels, never secrets).
    List,
    /// Make an API token for a member and print it, the only time it is shown.
    Token {
        name: String,
        /// What the token is for, to recognise it in `hinder user list`.
        #[arg(long, default_value = "")]
        label: String,
        /// Let the token change the corpus as the member may (add, edit, withdraw); without
        /// it, the token only reads.
        #[arg(long)]
        write: bool,
    },
    /// Revoke an API token by its id (the part after `hinder_`, as `hinder user list` shows).
    Revoke { id: String },
    /// End every session of a member, on every device (a lost laptop); they sign in again.
    /// A running server notices within a second. API tokens are revoked with `revoke`.
    Signout { name: String },
}

pub fn run(args: &UserArgs) -> Result<ExitCode> {
    let path = &args.members;
    let mut members = Members::load(path).with_context(|| format!("reading {}", path.display()))?;
    match &args.command {
        UserCommand::List => {
            if members.is_empty() {
                eprintln!("No members in {}", path.display());
            }
            for member in members.list() {
                println!("{}  {}", member.name, member.role.slug());
                for token in member.tokens() {
                    let access = if token.write { "write" } else { "read" };
                    println!(
                        "  token {}  {access}  {}  {}",
                        token.id, token.created, token.label
                    );
                }
            }
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Signout { name } => {
            if members.get(name).is_none() {
                bail!("no member named `{name}`");
            }
            let ended = EndedSessions::path_beside(path);
            EndedSessions::open(&ended)
                .and_then(|ended| ended.end_all(name, std::time::SystemTime::now()))
                .with_context(|| format!("writing {}", ended.display()))?;
            eprintln!("Ended every session of {name}");
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Add { name, role } => {
            let password = read_password(name)?;
            members.add(name, &password, *role)?;
            eprintln!("Added {name} ({})", role.slug());
        }
        UserCommand::Role { name, role } => {
            members.set_role(name, *role)?;
            eprintln!("{name} is now {}", role.slug());
        }
        UserCommand::Passwd { name } => {
            if members.get(name).is_none() {
                bail!("no member named `{name}`");
            }
            let password = read_password(name)?;
            members.set_password(name, &password)?;
            eprintln!("Changed the password of {name}");
        }
        UserCommand::Remove { name } => {
            members.remove(name)?;
            eprintln!("Removed {name}");
        }
        UserCommand::Token { name, label, write } => {
            let today = indexer::Date::today().to_string();
            let token = members.create_token(name, label, &today, *write)?;
            println!("{token}");
            eprintln!(
                "Keep this token secret; it is not shown again. Use it as `Authorization: Bearer {token}`."
            );
        }
        UserCommand::Revoke { id } => {
            members.revoke_token(id.trim_start_matches("hinder_"))?;
            eprintln!("Revoked token {id}");
        }
    }
    members
        .save(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// The password, asked twice on a terminal; one line of standard input otherwise (scripts).
fn read_password(name: &str) -> Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))
            .context("reading the password")?;
        let again = rpassword::prompt_password("Again: ").context("reading the password")?;
        if first != again {
            bail!("the passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
