//! The organisers' CSV files, written for French spreadsheets (UTF-8 with a byte order
//! mark, `;` between cells) and streamed as the rows are read: a large edition's file is
//! never held whole in memory.

use app::db::Db;
use app::domain::export::Export;
use futures_util::StreamExt;

/// A file is sent in pieces of this many rows.
const BATCH_ROWS: usize = 500;

fn writer(into: Vec<u8>) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().delimiter(b';').from_writer(into)
}

/// The body of `export` for `edition_id`: the header row, then the rows as they come.
/// A database error mid-file ends the body with an error, so the download fails rather
/// than looking complete.
pub fn body(db: Db, export: Export, edition_id: i64) -> axum::body::Body {
    let (pieces, received) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    tokio::spawn(async move {
        if let Err(error) = write(&db, export, edition_id, &pieces).await {
            tracing::error!(%error, export = export.slug(), "export");
            let _ = pieces.send(Err(std::io::Error::other(error))).await;
        }
    });
    // Fused: the compression layer may poll the body again once it has ended.
    let stream = futures_util::stream::unfold(received, |mut received| async move {
        received.recv().await.map(|piece| (piece, received))
    })
    .fuse();
    axum::body::Body::from_stream(stream)
}

async fn write(
    db: &Db,
    export: Export,
    edition_id: i64,
    pieces: &tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
) -> Result<(), String> {
    let text = |error: csv::Error| error.to_string();
    let mut piece = writer(b"\xEF\xBB\xBF".to_vec());
    piece
        .write_record(export.columns().iter().map(|(header, _)| *header))
        .map_err(text)?;
    let mut rows_in_piece = 0;
    let mut rows = app::db::exports::rows(db, export, edition_id);
    while let Some(row) = rows.next().await {
        piece
            .write_record(&row.map_err(|error| error.to_string())?)
            .map_err(text)?;
        rows_in_piece += 1;
        if rows_in_piece == BATCH_ROWS {
            rows_in_piece = 0;
            let full = std::mem::replace(&mut piece, writer(Vec::new()));
            let bytes = full.into_inner().map_err(|error| error.to_string())?;
            if pieces.send(Ok(bytes)).await.is_err() {
                return Ok(()); // The browser went away.
            }
        }
    }
    let bytes = piece.into_inner().map_err(|error| error.to_string())?;
    let _ = pieces.send(Ok(bytes)).await;
    Ok(())
}
