-- Drives cookielint's language server from a real Neovim (0.7+): opens a policy, attaches the
-- server, waits for its diagnostics and a hover, then types a Duration column into the second
-- table (Neovim sends the edits as incremental changes) and waits for the diagnostics to follow,
-- and writes what the editor received as JSON.
local bin = os.getenv("COOKIELINT_BIN")
local doc = os.getenv("COOKIELINT_DOC")
local out = os.getenv("COOKIELINT_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(doc))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "cookielint",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(doc, ":h"),
})
vim.lsp.buf_attach_client(buf, client_id)

local arrived = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local function received()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { code = d.code, line = d.lnum + 1, severity = d.severity, message = d.message })
  end
  return list
end
local diagnostics = received()

-- Hover on the first cookie name the server reported a symbol for.
local hover_text = ""
local client = vim.lsp.get_client_by_id(client_id)
local symbols = client.request_sync("textDocument/documentSymbol", { textDocument = vim.lsp.util.make_text_document_params(buf) }, 10000, buf)
if symbols and symbols.result and symbols.result[1] and symbols.result[1].children[1] then
  local position = symbols.result[1].children[1].selectionRange.start
  local hover = client.request_sync("textDocument/hover", {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = position,
  }, 10000, buf)
  if hover and hover.result then
    hover_text = hover.result.contents.value
  end
end

-- Type a Duration column into the header (line 15) and the row (line 16) of the second table.
local function append(line, text)
  local current = vim.api.nvim_buf_get_lines(buf, line - 1, line, false)[1]
  vim.api.nvim_buf_set_text(buf, line - 1, #current, line - 1, #current, { text })
end
append(15, "\tDuration")
append(16, "\t13 months")
local followed = vim.wait(30000, function()
  local list = vim.diagnostic.get(buf)
  for _, d in ipairs(list) do
    if d.lnum == 14 then
      return false
    end
  end
  return #list > 0
end, 50)

local file = io.open(out, "w")
file:write(vim.fn.json_encode({
  arrived = arrived,
  diagnostics = diagnostics,
  hover = hover_text,
  followed = followed,
  after_edit = received(),
}))
file:close()
vim.lsp.stop_client(client_id)
vim.wait(3000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 50)
vim.cmd("qa!")
